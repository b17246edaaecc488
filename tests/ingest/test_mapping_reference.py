"""docs/mappings.md is generated from the registries: it is up to date, it documents every
registered key, transform, reader and option (and nothing else), and every example loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from graph_platform.errors import DefinitionError
from graph_platform.ingest import reference
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import SourceRow
from graph_platform.ingest.value import TRANSFORMS
from graph_platform.model import get_model
from graph_platform.settings import PROJECT_ROOT
from graph_platform.store.records import GraphBatch

REFERENCE = PROJECT_ROOT / "docs/mapping-reference.yaml"
PAGE = PROJECT_ROOT / "docs/mappings.md"
MODEL = get_model(PROJECT_ROOT / "ontology")
DATA = reference.read_reference(REFERENCE)
EXAMPLES = list(reference.examples(DATA))


def test_the_committed_page_is_the_generated_one() -> None:
    assert PAGE.read_text(encoding="utf-8") == reference.render(DATA), (
        "docs/mappings.md is out of date: run `python -m graph_platform.ingest.reference "
        "docs/mapping-reference.yaml > docs/mappings.md`"
    )


def test_every_registered_name_is_documented_and_nothing_else() -> None:
    assert reference.problems(DATA) == []
    names = reference.registered()
    assert {"EntitySpec.fallback", "ValueSpec.split", "ValueSpec.map", "ConditionSpec.in"} <= set(
        names["keys"]
    )
    assert {"column_nulls", "date_formats"} <= set(names["options"])
    page = PAGE.read_text(encoding="utf-8")
    for section in ("transforms", "readers", "options"):
        for name in names[section]:
            assert f"`{name}`" in page, name


def test_an_undocumented_or_unregistered_name_fails_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(TRANSFORMS, "reverse", lambda v: v[::-1])
    found = [str(p) for p in reference.problems(DATA)]
    assert found == [
        "mapping-reference.yaml: transforms.reverse: undocumented: no meaning, in, out"
    ]
    with pytest.raises(DefinitionError, match=r"transforms\.reverse: undocumented"):
        reference.render(DATA)
    monkeypatch.delitem(TRANSFORMS, "reverse")
    stale = {**DATA, "options": {**DATA["options"], "sheet": {"meaning": "-", "example": "-"}}}
    assert [str(p) for p in reference.problems(stale)] == [
        "mapping-reference.yaml: options.sheet: documented but not registered"
    ]


@pytest.mark.parametrize("name", list(DATA["transforms"]))
def test_each_transform_example_gives_what_it_says(name: str) -> None:
    entry = DATA["transforms"][name]
    assert TRANSFORMS[name](entry["in"]) == entry["out"]


@pytest.fixture(scope="module")
def loaders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A loaders directory holding the shipped loaders (an attribution_check names one)."""
    directory = tmp_path_factory.mktemp("loaders")
    for path in (PROJECT_ROOT / "loaders").glob("*.yaml"):
        shutil.copy(path, directory / path.name)
    return directory


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.section}.{e.name}" for e in EXAMPLES])
def test_each_example_loads(example: reference.Example, loaders: Path, tmp_path: Path) -> None:
    # The example shows what it documents.
    shown = example.name.split(".")[-1]
    assert f"{shown}:" in example.text or f"kind: {shown}" in example.text
    (loaders / "reference_example.yaml").write_text(yaml.safe_dump(example.mapping), "utf-8")
    mapping = Mapping.load("reference_example", loaders, MODEL)  # binds to the ontology
    if not example.sample:
        return
    sample = tmp_path / "sample.csv"
    sample.write_text(DATA["sample"], encoding="utf-8")
    mapping.check_columns(sample)
    census = mapping.survey(sample).census
    batch = GraphBatch()
    rows = 0
    for row in mapping.reader.rows(sample):
        assert isinstance(row, SourceRow), row
        mapping.map_row(row, batch, census)  # a ValueProblem (quarantine) fails the example
        rows += 1
    assert rows == 3 and len(batch.nodes) > 3
