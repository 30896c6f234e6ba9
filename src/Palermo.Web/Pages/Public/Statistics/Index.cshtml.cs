using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Palermo.Statistics.Publications;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Public.Statistics;

/// <summary>The public statistics page: approved publications only, shown from their frozen snapshots.</summary>
[AllowAnonymous]
[EnableRateLimiting(WebServices.PublicFormLimit)]
public sealed class IndexModel(ListPublishedStatistics list, GetPublishedStatistics published) : PalermoPage
{
    public IReadOnlyList<PublishedStatistics> Items { get; private set; } = [];
    public PublishedStatistics? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is { } one)
        {
            try
            {
                Selected = await published.HandleAsync(one, ct);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }
        else
        {
            Items = await list.HandleAsync(ct);
        }

        return Page();
    }
}
