namespace Palermo.Linkage.Evaluation;

/// <summary>
/// Names from the regions that appear in trafficking cases (UNODC flows), with the spelling variants that
/// transliteration produces. Used only to generate synthetic people.
/// </summary>
internal static class NamePools
{
    /// <summary>
    /// A naming culture. Family names are drawn from the list or, when prefixes and suffixes are given, composed
    /// from them (real populations have far more names than any list); middle names and second given names follow
    /// local custom (Vietnamese Thi/Van, Arabic and Eritrean father's names, Hispanic double surnames).
    /// </summary>
    public sealed record Culture(
        string Citizenship, string[] Female, string[] Male, string[] Family,
        string[]? Prefixes = null, string[]? Suffixes = null, string[]? Middle = null,
        double SecondGiven = 0.1, bool DoubleSurname = false, string[]? GivenStarts = null, string[]? GivenEnds = null);

    public static readonly Culture[] Cultures =
    [
        new("UKR", ["Olena", "Iryna", "Tetiana", "Nataliia", "Oksana", "Yuliia", "Svitlana", "Kateryna", "Anastasiia", "Mariia", "Halyna", "Viktoriia"],
            ["Oleksandr", "Volodymyr", "Serhii", "Andrii", "Dmytro", "Mykola", "Yurii", "Ivan", "Vasyl", "Petro"],
            ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliinyk", "Melnyk", "Boiko", "Koval", "Lysenko", "Moroz", "Savchenko", "Rudenko", "Marchenko"],
            ["Shevch", "Koval", "Bondar", "Tkach", "Kravch", "Lys", "Savch", "Rud", "March", "Petr", "Hryts", "Pavl", "Tymosh", "Yarem", "Zinch", "Levch", "Kuz", "Dan"],
            ["enko", "uk", "yshyn", "iak", "ets", "ovych"]),
        new("MDA", ["Elena", "Maria", "Ana", "Natalia", "Ion", "Cristina", "Victoria", "Doina", "Tatiana", "Olga"],
            ["Ion", "Vasile", "Gheorghe", "Mihai", "Nicolae", "Andrei", "Sergiu", "Vladimir"],
            ["Rusu", "Ceban", "Ciobanu", "Turcan", "Lungu", "Munteanu", "Cojocaru", "Rotaru", "Popa", "Sirbu", "Bivol", "Guțu"],
            ["Pop", "Ion", "Dumitr", "Stoi", "Mat", "Lung", "Munt", "Cioban", "Rot", "Gheorgh", "Bars", "Vas", "Nistor", "Cebot"],
            ["escu", "u", "eanu", "ache", "oiu", "ari"]),
        new("NGA", ["Blessing", "Joy", "Precious", "Ngozi", "Chioma", "Adaeze", "Funmilayo", "Omotola", "Aisha", "Favour", "Oluwatoyin", "Esther"],
            ["Chukwuemeka", "Oluwaseun", "Ibrahim", "Emmanuel", "Tunde", "Chidiebere", "Musa", "Segun", "Obinna", "Yusuf"],
            ["Okafor", "Adeyemi", "Okonkwo", "Nwosu", "Balogun", "Eze", "Ogunleye", "Abubakar", "Okeke", "Adebayo", "Nnadi", "Olawale", "Uchenna", "Danjuma"],
            ["Oka", "Ade", "Olu", "Nwa", "Eze", "Oba", "Chukwu", "Ogun", "Ibe", "Uche", "Ako", "Ola"],
            ["for", "yemi", "nkwo", "sanya", "kwe", "dike", "wale", "bunmi", "chukwu", "dele"], SecondGiven: 0.3,
            GivenStarts: ["Olu", "Ade", "Oluwa", "Chi", "Chukwu", "Ife", "Ola", "Ayo", "Tolu", "Nne", "Obi", "Femi"],
            GivenEnds: ["seun", "mide", "tobi", "nonso", "emeka", "oma", "kemi", "dara", "funke", "bunmi", "jide", "nna"]),
        new("VNM", ["Lan", "Thu", "Huong", "Linh", "Mai", "Ngoc", "Trang", "Hanh", "Phuong", "Thao"],
            ["Minh", "Tuan", "Hung", "Duc", "Quang", "Thanh", "Long", "Nam", "Hoang", "Dung"],
            ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"],
            Middle: ["Thi", "Van", "Ngoc", "Minh", "Duc", "Thanh", "Hoang", "Kim"],
            GivenStarts: ["Thu", "Bich", "Kim", "Hong", "Thanh", "Xuan", "Minh", "Ngoc"],
            GivenEnds: [" Ha", " Van", " Anh", " Hoa", " Tam", " Nhung", " Yen", " Dao", " Loan", " Khanh"]),
        new("SYR", ["Fatima", "Aisha", "Mariam", "Layla", "Noor", "Rania", "Huda", "Amal", "Zainab", "Samira"],
            ["Mohammed", "Ahmed", "Omar", "Khaled", "Hussein", "Yousef", "Ali", "Hassan", "Mahmoud", "Ibrahim"],
            ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Hamdan", "Mansour", "Darwish", "Qasim", "Othman", "Farouk", "Aziz"],
            ["Al-", "Abu ", "", "", ""], ["Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Hamdan", "Mansour", "Darwish", "Qasim", "Othman", "Masri", "Halabi", "Shami", "Zein"],
            SecondGiven: 0.5),
        new("PHL", ["Maricel", "Jocelyn", "Rowena", "Lorna", "Cristina", "Analyn", "Divina", "Rosario", "Marites", "Jennifer"],
            ["Jose", "Rodel", "Arnel", "Jun", "Ramon", "Eduardo", "Rogelio", "Danilo"],
            ["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Villanueva", "Dela Cruz", "Aquino", "Castillo", "Ramos", "Flores", "Navarro", "Pascual", "Soriano", "Domingo"],
            DoubleSurname: true),
        new("THA", ["Somchai", "Malee", "Siriporn", "Kanya", "Nittaya", "Pranee", "Wanida", "Ratana"],
            ["Somsak", "Sombat", "Prasert", "Chaiya", "Anan", "Kittisak", "Surachai", "Wichai"],
            ["Srisuk", "Chaiyaphum", "Kaewkong", "Thongdee", "Boonmee", "Saetang", "Wongsawat", "Rattanakorn", "Phromma", "Sukprasert"],
            ["Sri", "Chai", "Kaew", "Thong", "Boon", "Wong", "Rattana", "Phrom", "Suk", "Siri", "Saen", "Kham"],
            ["suk", "yaphum", "kong", "dee", "mee", "sawat", "korn", "ma", "prasert", "wong", "chai", "thong"],
            GivenStarts: ["Sup", "Nat", "Pim", "Wan", "Kan", "Sur", "Pat", "Ar", "Chu", "Jin", "Ton", "Sai"],
            GivenEnds: ["aporn", "thida", "charee", "ida", "chana", "ee", "awadee", "ut", "tana", "nipa"]),
        new("ROU", ["Ioana", "Andreea", "Elena", "Mihaela", "Alexandra", "Gabriela", "Roxana", "Florentina", "Daniela", "Simona"],
            ["Alexandru", "Florin", "Cristian", "Marian", "Constantin", "Adrian", "Ionut", "Bogdan"],
            ["Popescu", "Ionescu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei", "Constantinescu", "Dinu", "Barbu", "Lazar", "Moldovan"],
            ["Pop", "Ion", "Dumitr", "Stan", "Radu", "Mar", "Vlad", "Nicol", "Tudor", "Grig", "Mih", "Dragom"],
            ["escu", "ache", "oiu", "eanu", "uta", "ici"]),
        new("HND", ["Maria", "Guadalupe", "Karla", "Yesenia", "Dania", "Rosa", "Marisol", "Alejandra", "Wendy", "Sofia"],
            ["Jose", "Francisco", "Carlos", "Luis", "Juan", "Miguel", "Jorge", "Oscar"],
            ["Hernandez", "Martinez", "Lopez", "Rodriguez", "Mejia", "Flores", "Reyes", "Castro", "Aguilar", "Zelaya", "Banegas", "Pineda", "Ramirez", "Cruz", "Sanchez", "Diaz", "Ortiz", "Vasquez"],
            DoubleSurname: true),
        new("CHN", ["Li Na", "Wang Fang", "Zhang Min", "Liu Yan", "Chen Jing", "Yang Li", "Huang Xiu", "Zhao Lei"],
            ["Wei", "Jun", "Lei", "Qiang", "Ming", "Hao", "Tao", "Jian"],
            ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu"],
            Middle: ["Xiao", "Jia", "Mei", "Hong", "Yu", "Hui", "Xin", "Chun"],
            GivenStarts: ["Xiu", "Yan", "Ling", "Hai", "Zhi", "Jing", "Li", "Fang", "Qing", "Wen", "Yi", "Shu"],
            GivenEnds: ["ying", "hua", "mei", "lan", "fei", "juan", "ping", "xia", "yun", "qin", "rong", "ting"]),
        new("ERI", ["Senait", "Helen", "Mebrat", "Yohana", "Selam", "Tsega", "Rahel", "Feven"],
            ["Tesfay", "Yonas", "Habtom", "Berhane", "Dawit", "Samuel", "Mehari", "Filmon"],
            ["Tekle", "Gebremariam", "Haile", "Kidane", "Ghebreyesus", "Tesfamariam", "Woldu", "Asmerom", "Berhe", "Negash"],
            SecondGiven: 0.7),
        new("RUS", ["Yelena", "Tatyana", "Natalya", "Svetlana", "Yekaterina", "Olga", "Irina", "Anastasia", "Mariya", "Yuliya"],
            ["Aleksandr", "Sergey", "Dmitriy", "Andrey", "Mikhail", "Nikolai", "Vladimir", "Aleksey"],
            ["Ivanova", "Smirnova", "Kuznetsova", "Popova", "Sokolova", "Lebedeva", "Kozlova", "Novikova", "Morozova", "Volkova", "Orlova", "Pavlova"],
            ["Ivan", "Smirn", "Kuznets", "Pop", "Sokol", "Lebed", "Kozl", "Novik", "Moroz", "Volk", "Orl", "Pavl", "Petr", "Fedor", "Egor", "Zaits", "Bel", "Vinograd"],
            ["ova", "ina", "eva"]),
    ];

    /// <summary>Spellings of one name produced by different transliteration habits.</summary>
    public static readonly string[][] Variants =
    [
        ["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"],
        ["Olena", "Elena", "Yelena", "Helena", "Alena"],
        ["Ahmed", "Ahmad", "Ahmet"], ["Yousef", "Youssef", "Yusuf", "Yusef"], ["Hussein", "Husayn", "Hussain", "Husein"],
        ["Khaled", "Khalid", "Chaled"], ["Fatima", "Fatimah", "Fatma"], ["Aisha", "Aicha", "Ayesha"],
        ["Oleksandr", "Aleksandr", "Alexander", "Aleksander"], ["Serhii", "Sergey", "Sergei", "Serhiy"],
        ["Tetiana", "Tatiana", "Tatyana", "Tatjana"], ["Nataliia", "Natalia", "Natalya", "Nataliya"],
        ["Yuliia", "Yulia", "Julia", "Yuliya"], ["Mariia", "Maria", "Mariya"], ["Iryna", "Irina"],
        ["Dmytro", "Dmitriy", "Dmitri", "Dmitry"], ["Andrii", "Andrey", "Andrei"], ["Mykola", "Nikolai", "Nikolay"],
        ["Kateryna", "Yekaterina", "Ekaterina"], ["Anastasiia", "Anastasia", "Anastasiya"],
        ["Shevchenko", "Schewtschenko", "Chevtchenko"], ["Kovalenko", "Kowalenko"], ["Melnyk", "Melnik"],
        ["Oliinyk", "Oleynik", "Oliynyk"], ["Ivanova", "Iwanowa"], ["Kuznetsova", "Kusnezowa"],
        ["Abubakar", "Abu Bakr", "Aboubakar"], ["Al-Hassan", "Al Hassan", "Alhassan", "El-Hassan"],
        ["Mahmoud", "Mahmud", "Mahmood"], ["Omar", "Umar"], ["Hassan", "Hasan"], ["Qasim", "Kasim", "Qassem"],
        ["Nguyễn", "Nguyen", "Ngyuen"], ["Trần", "Tran"], ["Hoàng", "Hoang", "Huang"],
        ["Gebremariam", "Gebre Mariam", "Ghebremariam"], ["Tesfay", "Tesfaye"], ["Yohana", "Johanna", "Yohanna"],
        ["Somchai", "Somchay"], ["Siriporn", "Siriphon"],
    ];

    /// <summary>Short forms in everyday use.</summary>
    public static readonly Dictionary<string, string> Nicknames = new(StringComparer.Ordinal)
    {
        ["Oleksandr"] = "Sasha", ["Aleksandr"] = "Sasha", ["Alexandru"] = "Alex", ["Mariia"] = "Masha", ["Mariya"] = "Masha",
        ["Nataliia"] = "Natasha", ["Natalya"] = "Natasha", ["Tatyana"] = "Tanya", ["Tetiana"] = "Tanya",
        ["Yekaterina"] = "Katya", ["Kateryna"] = "Katya", ["Dmytro"] = "Dima", ["Mikhail"] = "Misha",
        ["Vladimir"] = "Vova", ["Volodymyr"] = "Vova", ["Svetlana"] = "Sveta", ["Olga"] = "Olya", ["Irina"] = "Ira",
        ["Francisco"] = "Paco", ["Jose"] = "Pepe", ["Guadalupe"] = "Lupe", ["Rosario"] = "Chayo",
        ["Mohammed"] = "Mo", ["Chukwuemeka"] = "Emeka", ["Chidiebere"] = "Chidi", ["Omotola"] = "Tola",
        ["Oluwatoyin"] = "Toyin", ["Funmilayo"] = "Funmi",
        // Not in the encoder's nickname table: the evaluation must also count the misses a real table has.
        ["Blessing"] = "Bless", ["Precious"] = "Presh", ["Jennifer"] = "Jen", ["Alejandra"] = "Ale", ["Emmanuel"] = "Emma",
        ["Christina"] = "Tina", ["Gabriela"] = "Gabi", ["Kittisak"] = "Kit",
    };
}
