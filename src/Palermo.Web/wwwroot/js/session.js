// Session warnings (WCAG 2.2.1 Timing Adjustable; docs/accessibility.md). Progressive enhancement: without this
// script every page works as before, the session just ends silently after the idle limit.
//
// The server ends a session 20 idle minutes after its last request (each page and keep-alive renews the cookie) and
// 10 hours after sign-in however active (that one cannot be extended: docs/security.md). The layout gives both as
// data attributes on #session, in seconds from when the page was rendered. This script:
// - renews the session through the keep-alive when the user types or clicks, at most every few minutes, because
//   typing sends no request (a long case note must not end the session);
// - two minutes before the idle limit, shows a warning with a focused "Stay signed in" button;
// - when the limit has passed, says so and that what was typed is still on the page. It never navigates away or
//   clears a form: the user copies her text before signing in again;
// - shortly before the absolute limit, warns once that the session will end then, so the user can save.
// Tabs share their last server contact through localStorage (a time, nothing else), so an idle tab does not warn or
// say "ended" while the user works in another one.
(function () {
  'use strict';
  var root = document.getElementById('session');
  if (!root || !window.fetch) return;

  var MINUTE = 60 * 1000;
  var idleMs = Number(root.dataset.idleSeconds) * 1000;
  if (!(idleMs > 0)) return;
  var absoluteText = root.dataset.absoluteSeconds;
  var absoluteEnd = absoluteText ? Date.now() + Number(absoluteText) * 1000 : Infinity;
  var warnBefore = Math.min(2 * MINUTE, idleMs / 2);
  var absoluteWarnBefore = 10 * MINUTE;
  // Activity renews the session only once this long has passed since the last server contact: typing sends at most
  // one request per 5 minutes, and someone active never sees the idle warning (it comes 18 minutes after contact).
  var renewAfter = Math.min(5 * MINUTE, idleMs / 4);

  var panel = root.querySelector('.session-panel');
  var text = document.getElementById('session-text');
  var stay = document.getElementById('session-stay');
  var close = document.getElementById('session-close');

  var KEY = 'palermo.session.last-contact';
  var lastContact = 0;
  var state = 'quiet'; // quiet | idle-warning | absolute-warning | ended
  var absoluteWarned = false;
  var renewing = false;
  var returnFocus = null; // where the user was when the warning came

  function inPanel(el) { return !!el && panel.contains(el); }

  // buttons: 'stay' or 'close'.
  function show(newState, message, buttons) {
    var active = document.activeElement;
    // Where the user was when the warning came, to go back to once it is dealt with (WCAG 2.4.3).
    if (!inPanel(active) && active && active !== document.body) returnFocus = active;
    state = newState;
    text.textContent = message;
    stay.hidden = buttons !== 'stay';
    close.hidden = buttons !== 'close';
    panel.hidden = false;
    // A button hidden under the focus (the session ended while "Stay signed in" had it) would drop the focus to the
    // top of the page; keep it on the button that is shown instead.
    if (inPanel(active) && active.hidden) (buttons === 'stay' ? stay : close).focus();
  }

  // Hides the panel. If the focus was in it (the user pressed one of its buttons), it goes back to where the user
  // was, not to the top of the page; focus elsewhere is left alone, never pulled away from what the user is doing.
  function hidePanel() {
    var hadFocus = inPanel(document.activeElement);
    panel.hidden = true;
    if (hadFocus && returnFocus && document.contains(returnFocus)) returnFocus.focus();
  }

  function hide() {
    state = 'quiet';
    hidePanel();
    text.textContent = '';
    returnFocus = null;
  }

  // Record a server contact (a page or a keep-alive) here and for the other tabs.
  function contact(time) {
    lastContact = Math.max(lastContact, time);
    try { localStorage.setItem(KEY, String(lastContact)); } catch (e) { /* storage off: this tab counts alone */ }
  }

  // A later contact made by another tab.
  function shared() {
    try { return Number(localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  }

  function ended() {
    show('ended', 'You have been signed out after a period of inactivity or at the end of the session. ' +
      'Anything you typed is still on this page: copy it before you sign in again, then paste it back.', 'close');
  }

  function timeOfDay(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  // One request; the same cookie checks as a page (a session that has ended answers 401, never a page).
  function keepAlive() {
    if (renewing || state === 'ended') return;
    renewing = true;
    var sent = Date.now();
    fetch(root.dataset.keepAlive, { credentials: 'same-origin', cache: 'no-store', redirect: 'manual' })
      .then(function (res) {
        if (res.status === 204) {
          contact(sent);
          if (state === 'idle-warning') hide();
        } else if (res.status === 401 || res.type === 'opaqueredirect') {
          ended();
        }
        // Anything else (server busy, network down): leave the countdown as it is; the next activity tries again.
      }, function () { })
      .then(function () { renewing = false; check(); });
  }

  function check() {
    if (state === 'ended') return;
    var now = Date.now();
    lastContact = Math.max(lastContact, shared());
    var idleEnd = lastContact + idleMs;
    if (state === 'idle-warning' && idleEnd - now > warnBefore) hide(); // another tab renewed the session
    if (now >= Math.min(idleEnd, absoluteEnd)) {
      ended();
      return;
    }
    if (!absoluteWarned && absoluteEnd - now <= absoluteWarnBefore && state !== 'idle-warning') {
      absoluteWarned = true;
      // Focus stays where it is: the user may be typing, and the alert role has it read out.
      show('absolute-warning', 'For security, your session ends at ' + timeOfDay(absoluteEnd) +
        ' and cannot be extended. Save your work before then.', 'close');
      return;
    }
    // Offer to stay only when staying is possible, i.e. the idle limit comes before the absolute one.
    if (state !== 'idle-warning' && idleEnd - now <= warnBefore && idleEnd < absoluteEnd) {
      show('idle-warning', 'Your session ends at ' + timeOfDay(idleEnd) + ' because of inactivity. ' +
        'Select "Stay signed in" to continue.', 'stay');
      stay.focus();
    }
  }

  function activity() {
    if (state !== 'ended' && Date.now() - lastContact >= renewAfter) keepAlive();
  }

  stay.addEventListener('click', keepAlive);
  close.addEventListener('click', function () {
    // An ended session stays ended: only the message goes, so it no longer covers the form.
    if (state === 'ended') {
      hidePanel();
      return;
    }
    hide();
    check();
  });
  ['keydown', 'input', 'pointerdown'].forEach(function (type) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  });
  // A periodic check rather than one long timer: it also catches up after the device slept.
  setInterval(check, 10 * 1000);
  contact(Date.now()); // the page itself was the last request
  check();
})();
