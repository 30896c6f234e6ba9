namespace Palermo.Statistics.Ctdc;

/// <summary>What the CTDC export did to reach k-anonymity: a reviewer reads this before approving release.</summary>
/// <param name="K">Minimum group size over the quasi-identifiers.</param>
/// <param name="RecordsRead">Records given to the exporter.</param>
/// <param name="Persons">Unique victims (one row per person and year of registration).</param>
/// <param name="CitizenshipSuppressed">Rows whose citizenship was blanked.</param>
/// <param name="AgeSuppressed">Rows whose ageBroad was blanked.</param>
/// <param name="CountrySuppressed">Rows whose CountryOfExploitation was blanked.</param>
/// <param name="GenderSuppressed">Rows whose gender was blanked.</param>
/// <param name="RowsSuppressed">Rows left out because their group stayed smaller than k.</param>
/// <param name="RowsWritten">Rows in the file.</param>
/// <param name="SmallestGroup">Size of the smallest quasi-identifier group written (0 when nothing was written).</param>
/// <param name="Unsuppressed">True when the caller asked for unsuppressed national data (no k-anonymity).</param>
public sealed record CtdcReport(
    int K,
    int RecordsRead,
    int Persons,
    int CitizenshipSuppressed,
    int AgeSuppressed,
    int CountrySuppressed,
    int GenderSuppressed,
    int RowsSuppressed,
    int RowsWritten,
    int SmallestGroup,
    bool Unsuppressed);
