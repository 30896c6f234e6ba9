using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// The notice that says what the user's own post did ("Referral sent.") is announced and easy to find. A
/// <c>role="status"</c> region that is already in the page when it loads is read as content, not announced, and
/// screen readers start reading at the top; so, as GOV.UK does with its success banners, the notice
/// takes the focus (<c>tabindex="-1"</c> and <c>autofocus</c>: the reader says its text at once, and Tab goes on from
/// there), and its short form starts the page title (<see cref="FocusOnLoad.Title"/>, read first on load and shown in
/// the tab and the history). Plain HTML, no script: an announcement made by script after load is timed against the
/// reader's own page-load speech and is lost in some reader-browser pairs; focus on load and the title are not.
/// Opt-in per notice with <c>notice-title="…"</c>: hints and counts that are not the result of the user's own
/// action (an empty dashboard, a search result count) stay where they are and never take the focus. Errors win: while
/// the form has errors the notice does not take the focus (a field or the error summary does).
/// </summary>
[HtmlTargetElement(Attributes = "notice-title")]
public sealed class NoticeTagHelper : TagHelper
{
    /// <summary>At most this many characters of the notice go into the title.</summary>
    public const int TitleLength = 60;

    /// <summary>The notice, or its short form; its first clause starts the page title. Nothing happens when null.</summary>
    [HtmlAttributeName("notice-title")]
    public string? Title { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (string.IsNullOrWhiteSpace(Title)) return;
        var http = ViewContext.HttpContext;
        output.Attributes.SetAttribute("tabindex", "-1");
        FocusOnLoad.SetTitle(http, ShortForm(Title));
        if (ViewContext.ModelState.ErrorCount == 0 && FocusOnLoad.TryClaim(http)) output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
    }

    /// <summary>
    /// The notice's first clause ("Override approved: the receiving organisation…" → "Override approved"), cut to
    /// <see cref="TitleLength"/>. Notices name what was done, never a person (titles stay in the browser history).
    /// </summary>
    public static string ShortForm(string notice)
    {
        var text = notice.Trim();
        var end = text.IndexOfAny([':', ';']);
        var stop = text.IndexOf(". ", StringComparison.Ordinal);
        if (stop >= 0 && (end < 0 || stop < end)) end = stop;
        if (end > 0) text = text[..end];
        text = text.TrimEnd('.', ' ');
        return text.Length <= TitleLength ? text : text[..(TitleLength - 1)].TrimEnd() + "…";
    }
}
