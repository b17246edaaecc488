"""The mapping reference (docs/mappings.md), generated from the registries and the reviewed
meanings and examples of docs/mapping-reference.yaml.

The names come from the code: every field of the mapping's spec classes, every transform in
TRANSFORMS, every reader in READERS and every option a reader accepts. `problems` lists a
registered name the reference does not document and a documented name nothing registers, so a
new key, transform, reader or option cannot ship undocumented; `render` refuses to write the
page while there is one. `examples` gives each example as the complete mapping it patches the
reference's base mapping into (see the reference file's header), for a test to load.

    python -m graph_platform.ingest.reference docs/mapping-reference.yaml > docs/mappings.md
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from graph_platform.errors import DefinitionError, Problem
from graph_platform.ingest.mapping_spec import (
    AttributionCheckSpec,
    ConditionSpec,
    EntitySpec,
    FallbackSpec,
    MappingSpec,
    RelationshipSpec,
    SourceSpec,
    ValueSpec,
)
from graph_platform.ingest.readers import READERS
from graph_platform.ingest.value import TRANSFORMS

#: The spec classes whose fields are a mapping's keys, in the page's order, with the titles of
#: their sections.
SPECS: dict[str, tuple[type[BaseModel], str]] = {
    "MappingSpec": (MappingSpec, "The mapping file (top level)"),
    "SourceSpec": (SourceSpec, "`source:`"),
    "EntitySpec": (EntitySpec, "An entity (`entities: NAME:`)"),
    "FallbackSpec": (FallbackSpec, "An entity's `fallback:`"),
    "RelationshipSpec": (RelationshipSpec, "A relationship (an item of `relationships:`)"),
    "ValueSpec": (ValueSpec, "A value (properties, keys, `seen`, `each`, `type`, `confidence` …)"),
    "ConditionSpec": (ConditionSpec, "A condition (`when:`): a value and one test"),
    "AttributionCheckSpec": (AttributionCheckSpec, "`attribution_check:`"),
}
SECTIONS = ("keys", "transforms", "readers", "options")


def _fields(spec: type[BaseModel]) -> list[str]:
    """The keys a spec class adds (a condition's own tests, not the value keys it inherits)."""
    inherited = set(ValueSpec.model_fields) if spec is ConditionSpec else set()
    return [f.alias or n for n, f in spec.model_fields.items() if n not in inherited]


def registered() -> dict[str, list[str]]:
    """Every documentable name, by section, as the registries have them."""
    options = sorted({option for reader in READERS.values() for option in reader.options})
    return {
        "keys": [f"{name}.{key}" for name, (spec, _) in SPECS.items() for key in _fields(spec)],
        "transforms": list(TRANSFORMS),
        "readers": list(READERS),
        "options": options,
    }


def read_reference(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DefinitionError(str(path), [Problem(path.name, "-", "not a YAML mapping")])
    return data


def problems(reference: dict[str, Any], file: str = "mapping-reference.yaml") -> list[Problem]:
    """Registered names without a meaning and an example, and documented names not registered."""
    found: list[Problem] = []
    for section, names in registered().items():
        documented: dict[str, Any] = reference.get(section) or {}
        for name in names:
            entry = documented.get(name)
            needed = ("meaning", "in", "out") if section == "transforms" else ("meaning", "example")
            missing = [k for k in needed if not isinstance(entry, dict) or k not in entry]
            if missing:
                found.append(
                    Problem(file, f"{section}.{name}", f"undocumented: no {', '.join(missing)}")
                )
        for name in sorted(set(documented) - set(names)):
            found.append(Problem(file, f"{section}.{name}", "documented but not registered"))
    return found


def patched(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """`base` with `patch` merged in: mappings key by key, `relationships` appended."""
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = patched(merged[key], value)
        elif key == "relationships" and isinstance(value, list):
            merged[key] = [*merged.get(key, []), *copy.deepcopy(value)]
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@dataclass(frozen=True)
class Example:
    """One documented example as the whole mapping it makes; `sample`: it reads the sample."""

    section: str
    name: str
    text: str
    mapping: dict[str, Any]
    sample: bool


def examples(reference: dict[str, Any]) -> Iterator[Example]:
    """Every example of a key, reader or option, patched into the base mapping."""
    base = yaml.safe_load(reference["base"])
    for section in ("keys", "readers", "options"):
        for name, entry in (reference.get(section) or {}).items():
            patch = yaml.safe_load(entry["example"])
            yield Example(
                section, name, entry["example"], patched(base, patch), entry.get("sample", True)
            )


def _transform_cell(value: Any) -> str:
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def render(reference: dict[str, Any]) -> str:
    """docs/mappings.md; DefinitionError while a name is undocumented or unregistered."""
    found = problems(reference)
    if found:
        raise DefinitionError("the mapping reference", found)
    lines = [
        "# Loader mappings: the reference",
        "",
        "<!-- Generated by `python -m graph_platform.ingest.reference "
        "docs/mapping-reference.yaml > docs/mappings.md` from the registries and "
        "docs/mapping-reference.yaml: edit that file, not this one. -->",
        "",
        "A loader is a YAML file `loaders/NAME.yaml`; `graph-platform load NAME FILE…` runs it.",
        "This page lists every key a mapping may use, every transform, every reader and every",
        "reader option, each with its meaning and an example. Each example of a key or option is",
        "a patch to the base mapping below (mappings merge key by key, `relationships` are",
        "appended), and a test loads every one of them, reading the sample rows where the reader",
        "is `csv`.",
        "",
        "## The base mapping and its sample",
        "",
        "```yaml",
        reference["base"].rstrip(),
        "```",
        "",
        "```csv",
        reference["sample"].rstrip(),
        "```",
        "",
        "## Keys",
    ]
    keys = reference["keys"]
    for name, (spec, title) in SPECS.items():
        lines += ["", f"### {title}"]
        for key in _fields(spec):
            entry = keys[f"{name}.{key}"]
            lines += ["", f"#### `{key}`", "", entry["meaning"], "", "```yaml"]
            lines += [entry["example"].rstrip(), "```"]
    lines += ["", "## Transforms", "", "| transform | meaning | example |", "|---|---|---|"]
    for name, entry in reference["transforms"].items():
        example = f"{_transform_cell(entry['in'])} → {_transform_cell(entry['out'])}"
        lines.append(f"| `{name}` | {entry['meaning']} | {example} |")
    lines += ["", "## Readers"]
    for kind, entry in reference["readers"].items():
        options = ", ".join(f"`{o}`" for o in sorted(READERS[kind].options))
        lines += ["", f"### `{kind}`", "", entry["meaning"], "", f"Options: {options}.", ""]
        lines += ["```yaml", entry["example"].rstrip(), "```"]
    lines += ["", "## Reader options"]
    for option, entry in reference["options"].items():
        readers = ", ".join(f"`{k}`" for k, r in READERS.items() if option in r.options)
        lines += ["", f"### `{option}`", "", entry["meaning"], "", f"Readers: {readers}.", ""]
        lines += ["```yaml", entry["example"].rstrip(), "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m graph_platform.ingest.reference REFERENCE.yaml", file=sys.stderr)
        return 2
    sys.stdout.write(render(read_reference(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
