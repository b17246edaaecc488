"""TLP markings from the data (issue 14): STIX `object_marking_refs` and the bundle's TLP marking
definitions give each object the Source of its marking; a loader mapping's `marking:` is the
default of its Sources, and a load's `--marking` overrides it. Loaded into the real Neo4j."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph_platform.errors import DefinitionError, InvalidArguments
from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.model.tlp import STIX_TLP_DEFINITIONS
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings

OASIS = "stix/oasis_campaign_threat_actor_example.json"
TLP2_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
TLP1_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
TLP2_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
CUSTOM_AMBER_STRICT = "marking-definition--00000000-0000-4000-8000-000000000001"
STATEMENT = "marking-definition--00000000-0000-4000-8000-000000000002"
#: Objects of the OASIS example and the markings the test gives them.
MARKED = {
    "campaign--e5268b6e-4931-42f1-b379-87f48eb41b1e": [TLP2_AMBER],  # Operation Bran Flakes
    "threat-actor--56f3f0db-b5d5-431c-ae56-c18f02caf500": [TLP1_GREEN, STATEMENT],
    "intrusion-set--ed69450a-f067-4b51-9ba2-c4616b9a6713": [TLP1_GREEN, TLP2_RED],  # strictest
    "identity--8c6af861-7b20-41ef-9b59-6344fd872a8f": [STATEMENT],  # no TLP: unmarked
    "attack-pattern--19da6e1c-71ab-4c2f-886d-d620d09d3b5a": [CUSTOM_AMBER_STRICT],
    "relationship--98765000-efdf-4a86-8681-36481ceae57f": [TLP2_RED],
}


def _marked_bundle(shared_data: Path, directory: Path) -> Path:
    """The OASIS example with markings: a TLP 2.0 definition (with its extension) and a custom
    TLP 1.0-style one in the bundle, TLP 1.0 and 2.0 ids named without definitions, a statement."""
    bundle = json.loads((shared_data / OASIS).read_text(encoding="utf-8"))
    for obj in bundle["objects"]:
        if obj["id"] in MARKED:
            obj["object_marking_refs"] = MARKED[obj["id"]]
    created = "2022-10-01T00:00:00.000Z"
    bundle["objects"] += [
        {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": TLP2_AMBER,
            "created": created,
            "name": "TLP:AMBER",
            "extensions": {
                "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                    "extension_type": "property-extension",
                    "tlp_2_0": "amber",
                }
            },
        },
        {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": CUSTOM_AMBER_STRICT,
            "created": created,
            "definition_type": "tlp",
            "definition": {"tlp": "amber+strict"},
        },
        {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": STATEMENT,
            "created": created,
            "definition_type": "statement",
            "definition": {"statement": "Copyright the example's authors"},
        },
    ]
    path = directory / "marked.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def _read(driver: neo4j.Driver, settings: Settings, query: str) -> list[dict[str, Any]]:
    with driver.session(database=settings.neo4j_database) as session:
        return [record.data() for record in session.run(query)]


def test_stix_markings_give_each_object_the_source_of_its_marking(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    bundle = _marked_bundle(shared_data, tmp_path)
    summary = load_files(tmp_path / "quarantine", "stix", bundle)
    # 26 objects + 3 definitions: the impersonates relationship and the statement are not kept.
    assert (summary.read, summary.loaded, summary.quarantined) == (29, 27, 2)
    quarantined = (tmp_path / "quarantine" / "stix" / "marked.json.jsonl").read_text()
    assert STATEMENT in quarantined and "impersonates" in quarantined
    sources = _read(
        empty_graph,
        settings,
        "MATCH (s:Source) RETURN s.marking AS marking, s.title AS title ORDER BY marking",
    )
    assert sources == [
        {"marking": marking, "title": "STIX bundle marked.json"}
        for marking in ("AMBER", "AMBER+STRICT", "GREEN", "RED", None)
    ]
    asserted = _read(
        empty_graph,
        settings,
        "MATCH (n) WHERE n.stix_id IS NOT NULL OR n:InfluenceOperation OR n:Technique "
        "OR n:Organisation "
        "RETURN n.name AS name, COLLECT { MATCH (s:Source) WHERE s.id IN n.sources "
        "RETURN coalesce(s.marking, 'unmarked') } AS markings",
    )
    by_name = {row["name"]: row["markings"] for row in asserted}
    assert by_name["Operation Bran Flakes"] == ["AMBER"]
    assert by_name["Operation Raisin Bran"] == ["unmarked"]
    assert by_name["Fake BPP (Branistan Peoples Party)"] == ["GREEN"]
    assert by_name["APT BPP"] == ["RED"]
    assert by_name["Franistan Intelligence"] == ["unmarked"]  # a statement restricts no one
    assert by_name["Content Spoofing"] == ["AMBER+STRICT"]
    edges = _read(
        empty_graph,
        settings,
        "MATCH ()-[r]->() UNWIND r.sources AS sid MATCH (s:Source {id: sid}) "
        "RETURN coalesce(s.marking, 'unmarked') AS marking, count(*) AS edges ORDER BY marking",
    )
    assert edges == [
        {"marking": "RED", "edges": 1},
        {"marking": "unmarked", "edges": 15},
    ]  # 16 in all
    # A second load changes nothing.
    again = load_files(tmp_path / "quarantine-2", "stix", bundle)
    assert again.loaded == 27
    assert len(_read(empty_graph, settings, "MATCH (s:Source) RETURN s")) == 5


def test_public_datasets_are_clear_and_a_load_may_name_the_marking(
    empty_graph: neo4j.Driver, settings: Settings, shared_data: Path, tmp_path: Path
) -> None:
    runtime = Runtime(settings)
    model = get_model(settings.ontology_dir)
    releases = Mapping.load("twitter_io_releases", settings.loaders_dir, model)
    ftm = Mapping.load("ftm", settings.loaders_dir, model)
    assert (releases.spec.marking, ftm.spec.marking) == ("CLEAR", None)
    writer = runtime.writer(empty_graph)
    Loader(releases, writer, tmp_path, 500).load(
        [shared_data / "operations/twitter_io_releases.csv"]
    )
    Loader(ftm.marked("tlp:amber"), writer, tmp_path, 500).load(
        [shared_data / "ftm/donations.ijson"]
    )
    markings = _read(
        empty_graph,
        settings,
        "MATCH (s:Source) RETURN s.marking AS marking, count(*) AS sources ORDER BY marking",
    )
    counts = {row["marking"]: row["sources"] for row in markings}
    assert set(counts) == {"CLEAR", "AMBER"} and all(n > 0 for n in counts.values())
    with pytest.raises(InvalidArguments, match="one of CLEAR, GREEN, AMBER, AMBER\\+STRICT, RED"):
        ftm.marked("purple")


def test_a_mapping_with_an_unknown_marking_is_refused_naming_the_key(
    settings: Settings, tmp_path: Path
) -> None:
    text = (settings.loaders_dir / "twitter_io_releases.yaml").read_text(encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(
        text.replace("marking: CLEAR", "marking: PURPLE"), encoding="utf-8"
    )
    with pytest.raises(DefinitionError) as error:
        Mapping.load("broken", tmp_path, get_model(settings.ontology_dir))
    assert "marking" in str(error.value) and "'PURPLE' is not a TLP marking" in str(error.value)


def test_every_predefined_stix_tlp_definition_is_a_tlp_name() -> None:
    assert sorted(set(STIX_TLP_DEFINITIONS.values())) == sorted(
        ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
    )
