namespace Palermo.Screening;

/// <summary>
/// A list loaded by an administrator (the official brochure's grades, or a national variant), stored as its JSON
/// text. Never changed after import: (ListId, Version) identifies it for every screening that used it.
/// </summary>
public sealed class ImportedIndicatorList
{
    private ImportedIndicatorList() { ListId = ""; ListVersion = ""; Json = ""; }

    public ImportedIndicatorList(IndicatorList list, string json, Guid? importedBy, DateTime now)
    {
        Id = Guid.CreateVersion7();
        ListId = list.Id;
        ListVersion = list.Version;
        Json = json;
        ImportedBy = importedBy;
        ImportedAt = now;
    }

    public Guid Id { get; private set; }
    public string ListId { get; private set; }
    public string ListVersion { get; private set; }
    public string Json { get; private set; }
    public Guid? ImportedBy { get; private set; }
    public DateTime ImportedAt { get; private set; }
}
