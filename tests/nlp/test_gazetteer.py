"""The gazetteer: name keys, ruler patterns, fuzzy lookup and ambiguous names."""

from __future__ import annotations

import pickle

from graph_platform.nlp.gazetteer import Gazetteer, GazetteerEntity, name_key

ROWS = [
    {"id": "p:assad", "type": "Person", "names": ["Bashar al-Assad", "Bashar Assad"]},
    {"id": "p:hillary", "type": "Person", "names": ["Hillary Clinton"]},
    {"id": "p:bill", "type": "Person", "names": ["Bill Clinton"]},
    {"id": "o:ira", "type": "Organisation", "names": ["Internet Research Agency", "IRA"]},
    {"id": "l:russia", "type": "Location", "names": ["Russia", "RU", "ru"]},
    {"id": "l:syria", "type": "Location", "names": ["Syria", "syria"]},
    {"id": "l:wdc", "type": "Location", "names": ["Washington, D.C.", "Washington"]},
    {"id": "l:wa", "type": "Location", "names": ["Washington State", "Washington"]},
    {"id": "x:blank", "type": "Location", "names": ["  ", "42"]},
]


def test_name_keys_fold_case_articles_and_possessives() -> None:
    assert name_key("The Internet Research Agency's") == "internet research agency"
    assert name_key("  Bashar   al-Assad ") == "bashar al-assad"
    assert name_key("Assad’s") == "assad"
    assert name_key("ＵＡＥ") == "uae"


def test_keys_and_entities_from_rows() -> None:
    gazetteer = Gazetteer.from_rows(ROWS)
    # Short names only as acronyms ("RU" kept, "ru" dropped); names without letters dropped.
    assert sorted(gazetteer.entities) == [
        "bashar al-assad",
        "bashar assad",
        "bill clinton",
        "hillary clinton",
        "internet research agency",
        "ira",
        "ru",
        "russia",
        "syria",
        "washington",
        "washington state",
        "washington, d.c",
    ]
    assert gazetteer.entity_count == 8
    assert gazetteer.lookup("washington") == (
        GazetteerEntity("l:wdc", "Location"),
        GazetteerEntity("l:wa", "Location"),
    )
    assert gazetteer.lookup("nowhere") == ()
    # Both spellings of one person end in "assad".
    assert pickle.loads(pickle.dumps(gazetteer)).fuzzy("Assad", "PERSON") == [
        ("bashar al-assad", 90.0),
        ("bashar assad", 90.0),
    ]


def test_patterns_are_case_insensitive_phrases_and_exact_acronyms() -> None:
    patterns = Gazetteer.from_rows(ROWS).patterns()
    by_id: dict[str, list[object]] = {}
    for pattern in patterns:
        by_id.setdefault(pattern["id"], []).append(pattern["pattern"])
    assert by_id["syria"] == ["Syria"]  # one phrase per lower-case spelling
    assert by_id["ira"] == [[{"TEXT": "IRA"}]]
    assert by_id["ru"] == [[{"TEXT": "RU"}]]
    assert by_id["washington"] == ["Washington"]
    labels = {p["id"]: p["label"] for p in patterns}
    assert labels["bashar al-assad"] == "PERSON"
    assert labels["internet research agency"] == "ORG"
    assert labels["syria"] == "GPE"
    assert len(patterns) == 12


def test_fuzzy_lookup_by_whole_name_or_surname_within_the_label() -> None:
    gazetteer = Gazetteer.from_rows(ROWS)
    assert gazetteer.fuzzy("Basher al-Assad", "PERSON") == [("bashar al-assad", 93.33333333333333)]
    assert gazetteer.fuzzy("the Internet Research Agency", "ORG") == [
        ("internet research agency", 100.0)
    ]
    assert gazetteer.fuzzy("Syrian", "NORP") == [("syria", 90.9090909090909)]
    # A lone surname names every person with it: both Clintons tie.
    assert gazetteer.fuzzy("Clinton", "PERSON") == [
        ("bill clinton", 90.0),
        ("hillary clinton", 90.0),
    ]
    # Labels restrict the candidates; partial strings do not match; short spans are not looked up.
    assert gazetteer.fuzzy("Syria", "PERSON") == []
    assert gazetteer.fuzzy("US", "GPE") == []
    assert gazetteer.fuzzy("Russians", "GPE") == []
    assert gazetteer.fuzzy("Research", "ORG") == []
    assert gazetteer.fuzzy("Syria", "DATE") == []
