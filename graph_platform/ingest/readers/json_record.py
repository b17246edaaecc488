"""A JSON object as a row: mappings read its values by dotted path.

`meta.synonyms` reads a nested key; a number picks a list item (`properties.name.0`,
`external_references.0.external_id`); any other name applied to a list reads it from every
item and flattens the result (`kill_chain_phases.phase_name` → every phase name). A missing key
reads as null, as do strings listed in the reader's `null_values`, and those `column_nulls`
lists for the path read (compared case-insensitively).
"""

from __future__ import annotations

from typing import Any

from graph_platform.ingest.mapping_spec import fold_word

#: What a reader of schemaless records returns from `columns()`: any path may be read, and a
#: path the record lacks reads as null, so no column can be checked before reading.
ANY_COLUMN = "*"


def resolve(value: Any, parts: list[str]) -> Any:
    """The value at the path `parts` inside `value`, or None when it is not there."""
    for index, part in enumerate(parts):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list):
            if part.lstrip("-").isdigit():
                position = int(part)
                value = value[position] if -len(value) <= position < len(value) else None
            else:
                found: list[Any] = []
                for element in value:
                    inner = resolve(element, parts[index:])
                    found += inner if isinstance(inner, list) else [inner]
                return [v for v in found if v is not None]
        else:
            return None
        if value is None:
            return None
    return value


class JsonRecord(dict[str, Any]):
    """One JSON object plus the reader's virtual columns (`_file`, …), read by dotted path.

    A dict (rows are dicts) holding the object's top-level keys and the virtual columns;
    indexing and `get` also resolve paths and drop `null_values`.
    """

    def __init__(
        self,
        data: dict[str, Any],
        virtual: dict[str, Any],
        null_values: frozenset[str],
        column_nulls: dict[str, frozenset[str]] | None = None,
    ) -> None:
        super().__init__({**data, **virtual})
        self.null_values = null_values
        self.column_nulls = column_nulls or {}

    def _clean(self, value: Any, sentinels: frozenset[str]) -> Any:
        if isinstance(value, str) and (
            value in self.null_values or (sentinels and fold_word(value) in sentinels)
        ):
            return None
        if isinstance(value, list):
            return [v for v in (self._clean(item, sentinels) for item in value) if v is not None]
        return value

    def __getitem__(self, key: str) -> Any:
        sentinels = self.column_nulls.get(key, frozenset())
        if dict.__contains__(self, key):
            return self._clean(dict.__getitem__(self, key), sentinels)
        head, _, rest = key.partition(".")
        if not rest or not dict.__contains__(self, head):
            raise KeyError(key)
        return self._clean(resolve(dict.__getitem__(self, head), rest.split(".")), sentinels)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            value = self[key]
        except KeyError:
            return default
        return default if value is None else value
