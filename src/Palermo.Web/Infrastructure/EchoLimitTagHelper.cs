using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A refused form is shown again with what was typed, but never more of a value than the field takes: a 1 MB paste
/// came back as a 1 MB page (and a 1 MB value in every later post of that form). A value a little over its field's
/// limit is kept whole, so the user can shorten it; anything longer than the longest field allows, and then some, is
/// cut to <see cref="MaxEcho"/> characters (the field error already says it is too long).
/// </summary>
[HtmlTargetElement("input", Attributes = "value", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("textarea")]
public sealed class EchoLimitTagHelper : TagHelper
{
    /// <summary>The longest field of any form (a case note), and room for a paste that went a little over.</summary>
    public const int MaxEcho = Palermo.Cases.CaseNote.TextMaxLength + 2_000;

    // After the framework's own input and textarea helpers have filled in the value.
    public override int Order => int.MaxValue;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        const int limit = MaxEcho;
        if (output.TagName == "textarea")
        {
            var content = output.IsContentModified ? output.Content.GetContent() : (await output.GetChildContentAsync()).GetContent();
            var text = System.Net.WebUtility.HtmlDecode(content);
            if (text.Length > limit) output.Content.SetContent(text[..limit]);
            return;
        }

        if (output.Attributes.TryGetAttribute("value", out var v) && v.Value?.ToString() is { } value && value.Length > limit)
        {
            output.Attributes.SetAttribute("value", value[..limit]);
        }
    }
}
