"""The ontology loads, inherits and reports every problem of a broken one at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_platform.errors import DefinitionError
from graph_platform.model import PropertyType, get_model, load_model
from graph_platform.settings import PROJECT_ROOT


def test_shipped_ontology_has_the_design_types() -> None:
    model = get_model(PROJECT_ROOT / "ontology")
    concrete = {t.name for t in model.concrete_nodes()}
    assert {
        "Person",
        "Organisation",
        "Account",
        "Post",
        "Platform",
        "Hashtag",
        "Url",
        "Domain",
        "Location",
        "Narrative",
        "InfluenceOperation",
        "Source",
        "Technique",
    } <= concrete
    labels = {t.label for t in model.concrete_edges()}
    assert {
        "POSTED",
        "REPLIED_TO",
        "RESHARED",
        "QUOTED",
        "MENTIONS",
        "TAGGED",
        "LINKS_TO",
        "ON_DOMAIN",
        "FOLLOWS",
        "OPERATES",
        "MEMBER_OF",
        "CONTROLS",
        "PART_OF",
        "ATTRIBUTED_TO",
        "USES_TECHNIQUE",
        "PROMOTES",
        "SAME_AS",
        "COORDINATED_WITH",
    } <= labels


def test_inheritance_gives_labels_and_common_properties() -> None:
    model = get_model(PROJECT_ROOT / "ontology")
    person = model.node("Person")
    assert person.labels == ("Person", "LegalEntity", "Entity")
    assert {"id", "sources", "first_seen", "last_seen", "name", "aliases"} <= set(person.properties)
    assert person.properties["aliases"].multiple
    assert person.properties["id"].owner == "Entity"
    part_of = model.edge("PART_OF")
    assert part_of.name == "PartOf"
    assert (part_of.sources, part_of.targets) == (("Account",), ("InfluenceOperation",))
    assert part_of.properties["confidence"].type is PropertyType.FLOAT
    assert model.is_a("Organisation", "LegalEntity")
    assert not model.is_a("Account", "LegalEntity")


def test_unknown_type_lookup_suggests() -> None:
    model = get_model(PROJECT_ROOT / "ontology")
    with pytest.raises(KeyError, match="did you mean 'Account'"):
        model.node("Acount")


def _write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


ROOTS = {
    "Entity.yaml": "Entity:\n  abstract: true\n  description: root\n  properties:\n"
    "    id: {type: identifier, description: id}\n",
    "Relationship.yaml": "Relationship:\n  abstract: true\n  description: root\n"
    "  edge: {label: RELATED_TO, source: Entity, target: Entity}\n",
}


def test_broken_ontology_lists_every_problem(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            **ROOTS,
            "Account.yaml": "Account:\n  extends: Entity\n  description: an account\n"
            "  properties:\n    handle: {type: name, requried: true, description: h}\n",
            "Post.yaml": "Post:\n  extends: Entiti\n  description: a post\n",
            "Posted.yaml": "Posted:\n  extends: Relationship\n  description: d\n"
            "  edge: {label: POSTED, source: Acount, target: Post, forward: posts,"
            " reverse: posted_by}\n",
            "Wrong.yaml": "Other:\n  description: d\n",
        },
    )
    with pytest.raises(DefinitionError) as caught:
        load_model(tmp_path)
    text = str(caught.value)
    problems = caught.value.problems
    assert len(problems) == 4, text
    assert any(p.file == "Account.yaml" and "requried" in p.key for p in problems), text
    assert any(
        p.file == "Post.yaml" and p.key == "extends" and p.suggestion == "did you mean 'Entity'?"
        for p in problems
    ), text
    # Account.yaml failed to parse, so the edge end is unknown (and reported, not skipped).
    assert any(
        p.file == "Posted.yaml" and p.key == "edge.source" and "'Acount'" in p.message
        for p in problems
    ), text
    assert any(p.file == "Wrong.yaml" and "Wrong" in p.suggestion for p in problems), text


def test_type_types_must_descend_from_their_root(tmp_path: Path) -> None:
    _write(tmp_path, {**ROOTS, "Orphan.yaml": "Orphan:\n  description: no parent\n"})
    with pytest.raises(DefinitionError, match=r"Orphan\.yaml: Orphan: extends: must descend from"):
        load_model(tmp_path)
