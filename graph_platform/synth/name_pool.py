"""Name parts as sources write them: each given name and surname with its Latin spellings and its
spelling in Cyrillic, Greek and Arabic (as Russian, Greek and Arabic sources write it), and the
words organisation names are made of.

The spellings are the usual published ones (passport transliterations, press spellings), so a
synthetic person named in four scripts poses the same problem a sanctions list does.
"""

from __future__ import annotations

from typing import NamedTuple


class Spellings(NamedTuple):
    """One name part: Latin spellings (the first is the most common), then other scripts."""

    latin: tuple[str, ...]
    cyrillic: str
    greek: str
    arabic: str


GIVEN_NAMES: tuple[Spellings, ...] = (
    Spellings(
        ("Alexander", "Aleksandr", "Alexandre", "Oleksandr"), "Александр", "Αλέξανδρος", "ألكسندر"
    ),
    Spellings(("Mohammed", "Muhammad", "Mohamed", "Mohammad"), "Мухаммед", "Μοχάμεντ", "محمد"),
    Spellings(("Vladimir", "Wladimir", "Volodymyr"), "Владимир", "Βλαντιμίρ", "فلاديمير"),
    Spellings(("Sergei", "Sergey", "Serhiy"), "Сергей", "Σεργκέι", "سيرغي"),
    Spellings(("Ivan",), "Иван", "Ιβάν", "إيفان"),
    Spellings(("John",), "Джон", "Τζον", "جون"),
    Spellings(("Ahmed", "Ahmad"), "Ахмед", "Άχμεντ", "أحمد"),
    Spellings(("Ali",), "Али", "Αλί", "علي"),
    Spellings(("Dmitry", "Dmitri", "Dmitriy"), "Дмитрий", "Ντμίτρι", "دميتري"),
    Spellings(("Elena", "Yelena", "Helena"), "Елена", "Έλενα", "إيلينا"),
    Spellings(("Olga",), "Ольга", "Όλγα", "أولغا"),
    Spellings(("Maria", "Mariya"), "Мария", "Μαρία", "ماريا"),
    Spellings(("Yusuf", "Youssef", "Yousef"), "Юсуф", "Γιουσούφ", "يوسف"),
    Spellings(("Fatima", "Fatma"), "Фатима", "Φατίμα", "فاطمة"),
    Spellings(("Georgios", "Giorgos"), "Георгиос", "Γεώργιος", "جورجيوس"),
    Spellings(("Nikolai", "Nikolay", "Mykola"), "Николай", "Νικολάι", "نيكولاي"),
    Spellings(("Andrei", "Andrey", "Andriy"), "Андрей", "Αντρέι", "أندريه"),
    Spellings(("Igor", "Ihor"), "Игорь", "Ιγκόρ", "إيغور"),
    Spellings(("Omar", "Umar"), "Омар", "Ομάρ", "عمر"),
    Spellings(("Hassan", "Hasan"), "Хасан", "Χασάν", "حسن"),
    Spellings(("Natalia", "Natalya", "Nataliya"), "Наталья", "Ναταλία", "ناتاليا"),
    Spellings(("Anna",), "Анна", "Άννα", "آنا"),
    Spellings(("Mikhail", "Mikhael"), "Михаил", "Μιχαήλ", "ميخائيل"),
    Spellings(("Pyotr", "Petr", "Piotr"), "Пётр", "Πιοτρ", "بيوتر"),
    Spellings(("Tatiana", "Tatyana"), "Татьяна", "Τατιάνα", "تاتيانا"),
    Spellings(("Khalid", "Khaled"), "Халид", "Χαλίντ", "خالد"),
    Spellings(("Yuri", "Yury", "Yuriy"), "Юрий", "Γιούρι", "يوري"),
    Spellings(("Rustam",), "Рустам", "Ρουστάμ", "رستم"),
    Spellings(("Samir", "Sameer"), "Самир", "Σαμίρ", "سمير"),
    Spellings(("Viktor", "Victor"), "Виктор", "Βίκτορ", "فيكتور"),
)

SURNAMES: tuple[Spellings, ...] = (
    Spellings(("Ivanov", "Ivanoff"), "Иванов", "Ιβάνοφ", "إيفانوف"),
    Spellings(("Petrov", "Petroff"), "Петров", "Πετρόφ", "بيتروف"),
    Spellings(("Smirnov",), "Смирнов", "Σμιρνόφ", "سميرنوف"),
    Spellings(("Kuznetsov", "Kuznetsoff"), "Кузнецов", "Κουζνετσόφ", "كوزنيتسوف"),
    Spellings(("Sokolov",), "Соколов", "Σοκολόφ", "سوكولوف"),
    Spellings(("Volkov",), "Волков", "Βολκόφ", "فولكوف"),
    Spellings(("Kovalenko",), "Коваленко", "Κοβαλένκο", "كوفالينكو"),
    Spellings(("Shevchenko", "Shevtchenko"), "Шевченко", "Σεφτσένκο", "شيفتشينكو"),
    Spellings(("Melnyk", "Melnik"), "Мельник", "Μέλνικ", "ميلنيك"),
    Spellings(("Al-Rashid", "Al Rashid", "Alrashid"), "Аль-Рашид", "Αλ Ρασίντ", "الرشيد"),
    Spellings(("Haddad",), "Хаддад", "Χαντάντ", "حداد"),
    Spellings(("Khalil", "Khaleel"), "Халиль", "Χαλίλ", "خليل"),
    Spellings(("Mansour", "Mansur"), "Мансур", "Μανσούρ", "منصور"),
    Spellings(("Nasser", "Nasir"), "Насер", "Νάσερ", "ناصر"),
    Spellings(("Hussein", "Hussain", "Husayn"), "Хусейн", "Χουσεΐν", "حسين"),
    Spellings(("Abdullah", "Abdallah"), "Абдулла", "Αμπντουλάχ", "عبدالله"),
    Spellings(("Smith",), "Смит", "Σμιθ", "سميث"),
    Spellings(("Johnson",), "Джонсон", "Τζόνσον", "جونسون"),
    Spellings(("Papadopoulos",), "Пападопулос", "Παπαδόπουλος", "بابادوبولوس"),
    Spellings(("Georgiou",), "Георгиу", "Γεωργίου", "جورجيو"),
    Spellings(("Novak",), "Новак", "Νόβακ", "نوفاك"),
    Spellings(("Morozov",), "Морозов", "Μοροζόφ", "موروزوف"),
    Spellings(("Lebedev",), "Лебедев", "Λεμπέντεφ", "ليبيديف"),
    Spellings(("Kozlov",), "Козлов", "Κοζλόφ", "كوزلوف"),
    Spellings(("Mahmoud", "Mahmud"), "Махмуд", "Μαχμούντ", "محمود"),
    Spellings(("Saleh", "Salih"), "Салех", "Σάλεχ", "صالح"),
    Spellings(("Bondarenko",), "Бондаренко", "Μποντάρενκο", "بوندارينكو"),
    Spellings(("Orlov",), "Орлов", "Ορλόφ", "أورلوف"),
    Spellings(("Karimov",), "Каримов", "Καρίμοφ", "كاريموف"),
    Spellings(("Yilmaz",), "Йылмаз", "Γιλμάζ", "يلماز"),
    Spellings(("Rahimi",), "Рахими", "Ραχίμι", "رحيمي"),
    Spellings(("Zakharov", "Sakharov"), "Захаров", "Ζαχάροφ", "زاخاروف"),
    Spellings(("Belov",), "Белов", "Μπελόφ", "بيلوف"),
    Spellings(("Antonov",), "Антонов", "Αντόνοφ", "أنطونوف"),
    Spellings(("Darwish", "Derwish"), "Дарвиш", "Νταρουίς", "درويش"),
)

#: Words organisation names are made of: a distinctive stem, then what the business does.
ORG_STEMS: tuple[str, ...] = (
    "Nordstar", "Baltic", "Kronos", "Aurora", "Meridian", "Vostok", "Sirius", "Atlas",
    "Granit", "Zenith", "Orion", "Polaris", "Delta", "Titan", "Neva", "Volga", "Ural",
    "Almaz", "Sapphire", "Falcon", "Phoenix", "Crescent", "Oasis", "Cedar", "Olympus",
    "Aegean", "Euphrates", "Tigris", "Caspian", "Pamir", "Altai", "Amur", "Ladoga",
    "Svetlana", "Rubin", "Izumrud", "Sokol", "Berkut", "Lotus", "Horizon", "Pinnacle",
    "Vertex", "Helios", "Argo", "Triton", "Magnolia", "Vega", "Borealis", "Kestrel",
)  # fmt: skip
ORG_SECTORS: tuple[str, ...] = (
    "Shipping", "Trading", "Energy", "Logistics", "Holdings", "Petroleum", "Engineering",
    "Investments", "Technologies", "Media", "Consulting", "Security", "Aviation", "Mining",
    "Chemicals", "Finance", "Telecom", "Construction", "Marine Services", "Defence Systems",
)  # fmt: skip
ORG_QUALIFIERS: tuple[str, ...] = (
    "International", "Global", "Group", "General", "United", "Eastern", "Northern",
)  # fmt: skip

#: Legal forms by country as registers abbreviate them and as they are written out.
LEGAL_FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (("OOO", "Limited Liability Company"), ("AO", "Joint Stock Company")),
    "ua": (("TOV", "Limited Liability Company"),),
    "gb": (("Ltd", "Limited"), ("PLC", "Public Limited Company")),
    "us": (("LLC", "Limited Liability Company"), ("Inc.", "Incorporated")),
    "de": (("GmbH", "Gesellschaft mit beschränkter Haftung"),),
    "ae": (("FZE", "Free Zone Establishment"), ("LLC", "Limited Liability Company")),
    "cy": (("Ltd", "Limited"),),
    "tr": (("A.S.", "Anonim Sirketi"),),
}
