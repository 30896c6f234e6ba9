namespace Palermo.Demo;

/// <summary>
/// Invented-looking combinations of common given and family names from many cultures, with transliteration variants,
/// so that search and duplicate detection meet realistic data. No real person is meant.
/// </summary>
public static class SyntheticNames
{
    private static readonly string[] Given =
    [
        "Mohammed", "Muhammad", "Mohamed", "Olena", "Elena", "Alena", "Fatima", "Fatma", "Aisha", "Ayesha", "Maria", "Mariya",
        "Anh", "Linh", "Mei", "Nguyen", "Chidi", "Ngozi", "Amina", "Blessing", "Joy", "Precious", "Iryna", "Irina", "Oksana",
        "Svetlana", "Natalia", "Natalya", "Ana", "Ioana", "Elif", "Ayse", "Priya", "Sunita", "Rahul", "Arjun", "Somchai", "Malee",
        "Juan", "Jose", "Rosa", "Lucia", "Yusuf", "Youssef", "Omar", "Umar", "Hassan", "Hasan", "Grace", "Esther", "Tatiana",
    ];

    private static readonly string[] Family =
    [
        "Ahmed", "Ahmad", "Hussein", "Husain", "Kovalenko", "Kovalenka", "Shevchenko", "Petrova", "Petrov", "Popescu", "Ionescu",
        "Nguyen", "Tran", "Le", "Okafor", "Okonkwo", "Adeyemi", "Mensah", "Diallo", "Traore", "Kumar", "Sharma", "Singh",
        "Garcia", "Rodriguez", "Lopez", "Yilmaz", "Kaya", "Demir", "Wang", "Li", "Zhang", "Chen", "Haddad", "Khalil", "Mahmoud",
        "Ivanova", "Ivanov", "Smirnova", "Bondarenko", "Tkachenko", "Santos", "Silva", "Dossou", "Mbeki", "Banda", "Phiri",
    ];

    public static (string Given, string Family) Next(Random random) =>
        (Given[random.Next(Given.Length)], Family[random.Next(Family.Length)]);

    /// <summary>A given name chosen by a number already drawn (no draw of its own).</summary>
    public static string GivenAt(int i) => Given[(i & int.MaxValue) % Given.Length];

    /// <summary>A family name chosen by a number already drawn (no draw of its own).</summary>
    public static string FamilyAt(int i) => Family[(i & int.MaxValue) % Family.Length];
}
