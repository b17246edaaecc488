"""The actors behind synthetic operations, each with the name variants sources use for it.

Takedown releases and reports name the same organisation differently ("Internet Research Agency",
"IRA", "Internet Research Agency LLC"); the generator writes one variant per release so entity
resolution has real work to do. Languages, hashtags and domains give each operation a flavour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """An organisation that runs operations; `names[0]` is the canonical name."""

    key: str
    names: tuple[str, ...]
    country: str
    slug: str  # release-id stem, as Twitter names its files (russia_201901_1)
    languages: tuple[str, ...]
    hashtags: tuple[str, ...]
    domains: tuple[str, ...]

    @property
    def canonical(self) -> str:
        return self.names[0]


ACTORS: tuple[Actor, ...] = (
    Actor(
        "ira",
        (
            "Internet Research Agency",
            "IRA",
            "Internet Research Agency LLC",
            "Internet Research Agency (IRA)",
        ),
        "Russia",
        "russia",
        ("en", "en", "en", "ru"),
        (
            "MAGA",
            "news",
            "politics",
            "BlackLivesMatter",
            "USA",
            "breaking",
            "TopNews",
            "local",
            "world",
            "Россия",
            "новости",
            "FakeNews",
            "WakeUpAmerica",
            "sports",
            "health",
        ),
        (
            "riafan.ru",
            "bit.ly",
            "dlvr.it",
            "livejournal.com",
            "gazeta.ru",
            "nevnov.ru",
            "kiev-news.com",
            "inforeactor.ru",
            "ria.ru",
            "youtu.be",
        ),
    ),
    Actor(
        "iuvm",
        (
            "International Union of Virtual Media",
            "IUVM",
            "IUVM Press",
            "Intl. Union of Virtual Media",
        ),
        "Iran",
        "iran",
        ("en", "fa", "ar", "fr"),
        (
            "Iran",
            "Yemen",
            "FreePalestine",
            "Syria",
            "Saudi",
            "Gaza",
            "News",
            "Press",
            "Palestine",
            "QudsDay",
            "Israel",
            "ISIS",
        ),
        (
            "awdnews.com",
            "iuvmpress.com",
            "whatsupic.com",
            "libertyfrontpress.com",
            "realnienovosti.com",
            "iuvmonline.com",
            "alwaght.com",
            "goo.gl",
        ),
    ),
    Actor(
        "smaat",
        ("Smaat", "SMAAT", "Smaat Co.", "Smaat Company"),
        "Saudi Arabia",
        "saudi_arabia",
        ("ar", "ar", "en"),
        ("السعودية", "الرياض", "Saudi", "Vision2030", "Qatar", "Yemen", "KSA", "news"),
        ("sabq.org", "okaz.com.sa", "alarabiya.net", "bit.ly", "youtu.be", "spa.gov.sa"),
    ),
    Actor(
        "dotdev",
        ("DotDev", "DotDev Inc.", "Dot Dev", "DOTDEV"),
        "Egypt, UAE",
        "egypt_uae",
        ("ar", "en"),
        ("Qatar", "Libya", "Sudan", "Egypt", "UAE", "Haftar", "Yemen", "Iran"),
        ("alkhaleejonline.net", "akhbarelyom.com", "youm7.com", "bit.ly", "goo.gl"),
    ),
    Actor(
        "prc",
        (
            "People's Republic of China (PRC)",
            "PRC",
            "People’s Republic of China",
            "Govt. of the People's Republic of China",
        ),
        "China",
        "china",
        ("zh", "en", "zh"),
        ("HongKong", "香港", "HongKongProtests", "China", "反送中", "news", "Taiwan"),
        ("news.cn", "chinadaily.com.cn", "globaltimes.cn", "youtu.be", "bit.ly"),
    ),
)


def actor_for_release(release_index: int) -> tuple[Actor, str]:
    """The actor of the n-th release and the name variant that release gives it.

    Releases come in pairs per actor (0 and 1 are both the first actor) so that any run with two
    or more releases already attributes one actor under two different names.
    """
    round_, offset = divmod(release_index, 2 * len(ACTORS))
    actor = ACTORS[offset // 2]
    nth = 2 * round_ + offset % 2  # how many earlier releases this actor already has
    return actor, actor.names[nth % len(actor.names)]


#: Parts of the handles of the operations' prominent personas (region + topic, like TEN_GOP).
PERSONA_REGIONS: tuple[tuple[str, str], ...] = (
    ("TEN", "Tennessee"),
    ("OHIO", "Ohio"),
    ("DETROIT", "Detroit"),
    ("TEXAS", "Texas"),
    ("CHI", "Chicago"),
    ("ATL", "Atlanta"),
    ("NOLA", "New Orleans"),
    ("PHX", "Phoenix"),
    ("SEA", "Seattle"),
    ("MIAMI", "Miami"),
    ("BALT", "Baltimore"),
    ("STL", "St. Louis"),
    ("DENVER", "Denver"),
    ("BOSTON", "Boston"),
    ("KC", "Kansas City"),
    ("SF", "San Francisco"),
)
PERSONA_TOPICS: tuple[tuple[str, str], ...] = (
    ("GOP", "GOP"),
    ("NEWS", "News"),
    ("DAILY", "Daily"),
    ("VOICE", "Voice"),
    ("POST", "Post"),
    ("TODAY", "Today"),
    ("ONLINE", "Online"),
    ("PATRIOTS", "Patriots"),
    ("BLACKNEWS", "Black News"),
    ("TIMES", "Times"),
)
