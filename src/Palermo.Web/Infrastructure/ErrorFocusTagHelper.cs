using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A refused form comes back with the focus on its first field in error (the first whose aria-describedby points
/// at a field error, see <see cref="PalermoPage.DescribedBy"/>): a keyboard or screen-reader user lands on what to fix,
/// and hears its label and error, instead of starting again at the top of the page. Plain <c>autofocus</c>, so it
/// works without JavaScript; only one field per page gets it.
/// </summary>
[HtmlTargetElement("input", Attributes = "aria-describedby", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "aria-describedby")]
[HtmlTargetElement("textarea", Attributes = "aria-describedby")]
public sealed class ErrorFocusTagHelper : TagHelper
{
    private static readonly object Given = new();

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.TryGetAttribute("aria-describedby", out var describedBy)
            || describedBy.Value?.ToString() is not { } ids
            || !ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(id => id.EndsWith("-error", StringComparison.Ordinal)))
        {
            return;
        }

        var items = ViewContext.HttpContext.Items;
        if (!items.TryAdd(Given, true)) return;
        output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
    }
}
