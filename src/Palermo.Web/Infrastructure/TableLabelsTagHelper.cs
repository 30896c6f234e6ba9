using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Gives every body cell of a table its column's name as <c>data-label</c>. On a narrow screen, at 200 % zoom or with
/// larger text (site.css, below 60em), a list table is laid out as one block per row and its header row is hidden; the
/// stylesheet then writes each cell's label before its value, so "2026-11-30" still reads as "Identified: 2026-11-30".
/// Done here, once, rather than by hand in every table: a new column or table cannot be left without its labels.
/// The column headers are the header row's <c>th</c> texts (tags removed), counted with their <c>colspan</c>.
/// </summary>
[HtmlTargetElement("table")]
[HtmlTargetElement("thead")]
[HtmlTargetElement("tr")]
[HtmlTargetElement("th")]
[HtmlTargetElement("td")]
public sealed partial class TableLabelsTagHelper : TagHelper
{
    private const string Key = "palermo.table-labels";
    private const string HeadKey = "palermo.table-head";

    public override void Init(TagHelperContext context)
    {
        switch (context.TagName)
        {
            case "table":
                // Items are copied for each child element, not shared upwards: the columns object itself is shared.
                context.Items[Key] = new Columns();
                break;
            case "thead":
                context.Items[HeadKey] = true;
                break;
            case "tr" when context.Items.TryGetValue(Key, out var c):
                ((Columns)c).Next = 0;
                break;
        }
    }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (context.TagName is not ("th" or "td") || !context.Items.TryGetValue(Key, out var found)) return;
        var columns = (Columns)found;
        var span = output.Attributes.TryGetAttribute("colspan", out var colspan) && int.TryParse(colspan.Value?.ToString(), out var n) && n > 0 ? n : 1;
        if (context.Items.ContainsKey(HeadKey))
        {
            var text = System.Net.WebUtility.HtmlDecode(Tags().Replace((await output.GetChildContentAsync()).GetContent(), " ")).Trim();
            for (var i = 0; i < span; i++) columns.Names.Add(Spaces().Replace(text, " "));
            return;
        }

        var column = columns.Next;
        columns.Next += span;
        if (column < columns.Names.Count && columns.Names[column].Length > 0 && !output.Attributes.ContainsName("data-label"))
        {
            output.Attributes.SetAttribute("data-label", columns.Names[column]);
        }
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private sealed class Columns
    {
        public List<string> Names { get; } = [];

        public int Next { get; set; }
    }
}
