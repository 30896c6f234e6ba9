using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A form without an <c>action</c> posts to the page's address as the browser has it, fragment included. After the
/// skip link ("Skip to content", <c>#main</c>) that address ends in <c>#main</c>; the page the post returns (a refused
/// form) or redirects to (the browser carries the fragment over a redirect) then opens at <c>#main</c>, and a browser
/// does not run <c>autofocus</c> on a page opened at a fragment. The focus went to <c>main</c> instead of the first
/// error or on the notice of what the post did (ErrorFocusTagHelper, ErrorSummaryTagHelper, NoticeTagHelper). Writing
/// the page's own path as the action leaves the fragment out. Forms with an action of their own are untouched.
/// </summary>
[HtmlTargetElement("form")]
public sealed class FormActionTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // After the framework's FormTagHelper (order -1000): it adds the antiforgery token only to a form without an
    // action, so the action is written once it has decided.
    public override int Order => 0;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.ContainsName("action")) return;
        // The path alone. A GET form's fields replace the query anyway. A post needs nothing from the query either: what
        // a handler needs travels in the route (an id) or in hidden fields (a setup token, a screening list), as in
        // the forms whose action names a handler; and writing the query would copy whatever it holds into the page
        // (PersonalDataLeakTests sends names there).
        var request = ViewContext.HttpContext.Request;
        output.Attributes.SetAttribute("action", $"{request.PathBase}{request.Path}");
    }
}
