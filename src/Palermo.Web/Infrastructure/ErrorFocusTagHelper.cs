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
[HtmlTargetElement("input", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select")]
[HtmlTargetElement("textarea")]
[HtmlTargetElement("fieldset", Attributes = "aria-describedby")]
public sealed class ErrorFocusTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var http = ViewContext.HttpContext;
        if (output.TagName != "fieldset" && Focusable(output) && FocusOnLoad.TakeNextField(http))
        {
            output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
            return;
        }

        if (!output.Attributes.TryGetAttribute("aria-describedby", out var describedBy)
            || describedBy.Value?.ToString() is not { } ids
            || !ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(id => id.EndsWith("-error", StringComparison.Ordinal))
            || !FocusOnLoad.TryClaim(http))
        {
            return;
        }

        // The fieldset's own tag is written before its content, so its first field comes through here next.
        if (output.TagName == "fieldset") FocusOnLoad.FocusNextField(http);
        else output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
    }

    private static bool Focusable(TagHelperOutput output) =>
        !output.Attributes.ContainsName("disabled")
        && !(output.Attributes.TryGetAttribute("type", out var type) && string.Equals(type.Value?.ToString(), "hidden", StringComparison.OrdinalIgnoreCase));
}
