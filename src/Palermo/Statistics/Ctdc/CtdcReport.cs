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
    bool Unsuppressed)
{
    /// <summary>A plain-language summary for the person who approves the release.</summary>
    public string Describe() => Unsuppressed
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"UNSUPPRESSED NATIONAL DATA - NOT FOR PUBLICATION: {RowsWritten} rows of {Persons} persons, no generalisation.")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{RowsWritten} of {Persons} persons written, {K}-anonymous over yearOfRegistration, gender, ageBroad, citizenship and CountryOfExploitation (smallest group {SmallestGroup}). Generalised: citizenship blanked in {CitizenshipSuppressed} rows, ageBroad in {AgeSuppressed}, CountryOfExploitation in {CountrySuppressed}, gender in {GenderSuppressed}. Suppressed: {RowsSuppressed} rows.");
}
