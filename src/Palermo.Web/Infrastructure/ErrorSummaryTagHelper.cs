using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A form's error summary (<c>asp-validation-summary</c>) that shows errors gets a heading, "There is a problem", that
/// names it (readers announce it with the summary, and list it among the headings), and can take the focus
/// (<c>tabindex="-1"</c>). When no field takes the focus (every error is about the form as a whole, such as "E-mail or
/// password is wrong" or a stale form, or about a field the user does not see, such as a hidden version), the page
/// would come back with the focus at the top: the summary takes it instead (<c>autofocus</c>). When a field is in
/// error, the field wins (<see cref="ErrorFocusTagHelper"/>). An error block that is not a validation summary (a
/// refused file import) opts in with <c>error-summary</c>.
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
[HtmlTargetElement(Attributes = "error-summary")]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    private static readonly object Count = new();

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // After the framework's ValidationSummaryTagHelper (order -1000) has decided whether the summary shows anything.
    public override int Order => 0;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var http = ViewContext.HttpContext;
        if (output.Attributes.RemoveAll("error-summary"))
        {
            output.Attributes.SetAttribute(new TagHelperAttribute("tabindex", new FocusUnlessClaimed(http)));
            return;
        }

        var state = ViewContext.ModelState;
        if (output.TagName is null || state.ErrorCount == 0) return;
        var modelLevel = state.TryGetValue("", out var entry) && entry is { Errors.Count: > 0 };
        var all = context.AllAttributes.TryGetAttribute("asp-validation-summary", out var mode) && mode.Value is ValidationSummary.All;
        if (!modelLevel && !all) return;

        var n = (http.Items[Count] as int? ?? 0) + 1;
        http.Items[Count] = n;
        var id = n == 1 ? "errors-title" : $"errors-title-{n}";
        output.PreContent.AppendHtml($"<h2 class=\"form-errors-title\" id=\"{id}\">There is a problem</h2>");
        output.Attributes.SetAttribute("aria-labelledby", id);
        output.Attributes.SetAttribute(new TagHelperAttribute("tabindex", new FocusUnlessClaimed(http)));
    }

    /// <summary>
    /// The value of the summary's tabindex, written when the page is sent, after every field of the page has been
    /// rendered (the summary stands above the fields it reports, so when it is rendered it cannot know whether a field
    /// below will take the focus; Razor keeps an attribute value that is HTML content as it is, and writes it with the
    /// whole page). If by then no field has taken the focus, the summary takes it, with <c>autofocus</c> written next to
    /// its tabindex. FormBadInputSweepTests checks that every refused form comes back with exactly one.
    /// </summary>
    private sealed class FocusUnlessClaimed(HttpContext http) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            writer.Write("-1");
            if (FocusOnLoad.TryClaim(http)) writer.Write("\" autofocus=\"autofocus");
        }
    }
}
