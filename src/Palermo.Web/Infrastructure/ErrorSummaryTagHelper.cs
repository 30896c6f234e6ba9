using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A form's error summary (<c>asp-validation-summary</c>) that shows errors gets a heading, "There is a problem", that
/// names it (readers announce it with the summary, and list it among the headings), and can take the focus
/// (<c>tabindex="-1"</c>). When every error is about the form as a whole (a model-level error such as "the e-mail or
/// password is wrong", or a stale form), no field is in error for <see cref="ErrorFocusTagHelper"/> to focus, and the
/// page would come back with the focus at the top: the summary takes it instead (<c>autofocus</c>). When a field is in
/// error, the field wins. An error block that is not a validation summary (a refused file import) opts in with
/// <c>error-summary</c> and always takes the focus, unless something before it did.
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
            output.Attributes.SetAttribute("tabindex", "-1");
            if (FocusOnLoad.TryClaim(http)) output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
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
        output.Attributes.SetAttribute("tabindex", "-1");
        var onlyModelLevel = state.All(e => e.Key.Length == 0 || e.Value is not { Errors.Count: > 0 });
        if (onlyModelLevel && FocusOnLoad.TryClaim(http)) output.Attributes.SetAttribute(new TagHelperAttribute("autofocus"));
    }
}
