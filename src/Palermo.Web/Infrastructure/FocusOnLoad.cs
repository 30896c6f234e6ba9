namespace Palermo.Web.Infrastructure;

/// <summary>
/// Which element of a page takes the focus when it loads: a field in error (<see cref="ErrorFocusTagHelper"/>), the
/// error summary of a form refused as a whole (<see cref="ErrorSummaryTagHelper"/>), or the notice that says what the
/// user's post did (<see cref="NoticeTagHelper"/>). The browser honours only the first <c>autofocus</c> of a page, so
/// only one element may carry it; the helpers claim it here, once per request. Errors win: a notice never claims it
/// while the form has errors.
/// </summary>
public static class FocusOnLoad
{
    private static readonly object Claimed = new();
    private static readonly object NoticeTitle = new();

    /// <summary>True for the first caller of a request, which then puts <c>autofocus</c> on its element.</summary>
    public static bool TryClaim(HttpContext context) => context.Items.TryAdd(Claimed, true);

    /// <summary>The notice's short form, which the layout puts at the start of the page title.</summary>
    public static void SetTitle(HttpContext context, string shortForm) => context.Items[NoticeTitle] = shortForm;

    public static string? Title(HttpContext context) => context.Items[NoticeTitle] as string;
}
