using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A refused form comes back with the focus on its first field in error (the first whose aria-describedby points
/// at a field error, see <see cref="PalermoPage.DescribedBy"/>): a keyboard or screen-reader user lands on what to fix,
/// and hears its label and error, instead of starting again at the top of the page. When the first error is on a
/// group of choices (a fieldset of checkboxes or radios, whose aria-describedby names the error), the group's first
/// field takes the focus: the reader announces the group's legend and error with it, and the user is where a choice
/// is to be made (a fieldset itself cannot take the focus without becoming a stop in the tab order). Plain
/// <c>autofocus</c>, so it works without JavaScript; only one element per page gets it (<see cref="FocusOnLoad"/>).
/// </summary>
[HtmlTargetElement("input", Attributes = "aria-describedby", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "aria-describedby")]
[HtmlTargetElement("textarea", Attributes = "aria-describedby")]
[HtmlTargetElement("fieldset", Attributes = "aria-describedby")]
// A row's action with no field to fix (deactivate an account): its button carries the error and takes the focus.
[HtmlTargetElement("button", Attributes = "aria-describedby")]
public sealed partial class ErrorFocusTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.TryGetAttribute("aria-describedby", out var describedBy)
            || describedBy.Value?.ToString() is not { } ids
            || !ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(id => id.EndsWith("-error", StringComparison.Ordinal))
            || !FocusOnLoad.TryClaim(ViewContext.HttpContext))
        {
            return;
        }

        if (output.TagName != "fieldset")
        {
            output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
            return;
        }

        // The group's fields are plain HTML, not tag helpers (making every input one would cost every page that renders
        // a form): the group's content, written by the page's own markup, gets the attribute on its first field. This
        // runs only for the one fieldset in error that takes the focus.
        var content = (await output.GetChildContentAsync()).GetContent();
        output.Content.SetHtmlContent(FirstField().Replace(content, "$0 autofocus", 1));
    }

    /// <summary>The opening of the first input (not hidden), select or textarea.</summary>
    [GeneratedRegex("""<(?:input(?![^>]*\btype="hidden")|select|textarea)\b""", RegexOptions.IgnoreCase)]
    private static partial Regex FirstField();
}
