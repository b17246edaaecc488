"""Typed specs of the ontology's YAML files; unknown keys are rejected with their location."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class PropertyType(StrEnum):
    """The closed set of property types; storage (indexes) and API types derive from these."""

    STRING = "string"  # short free text, stored as given
    NAME = "name"  # a name-like value: in the full-text index
    TEXT = "text"  # long text: in the full-text index
    IDENTIFIER = "identifier"  # exact-match lookups: range-indexed
    URL = "url"
    COUNTRY = "country"
    LANGUAGE = "language"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    PARTIAL_DATE = "partial_date"  # "1958", "1958-05" or "1958-05-01", as known (partial_date.py)
    DATETIME = "datetime"


def _as_tuple(value: object) -> object:
    """Accept one name or a list of names."""
    return (value,) if isinstance(value, str) else value


NameList = Annotated[tuple[str, ...], BeforeValidator(_as_tuple)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PropertySpec(_Spec):
    type: PropertyType
    description: str
    required: bool = False
    multiple: bool = False
    #: False keeps the value from partners even on a shareable type (None: as the type).
    shareable: bool | None = None


FieldName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class EdgeSpec(_Spec):
    """An edge type's Neo4j label, its end types, and the API fields that traverse it: `forward`
    on its source types, `reverse` on its target types (one `forward` field that follows both
    directions when the relationship is `symmetric`)."""

    label: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    source: NameList
    target: NameList
    forward: FieldName | None = None
    reverse: FieldName | None = None
    symmetric: bool = False


class TypeSpec(_Spec):
    """One file of ontology/: a node type, or an edge type when it has an `edge:` block."""

    description: str
    abstract: bool = False
    #: Partners (read-only keys) may see nodes or edges of this type (not inherited).
    shareable: bool = False
    extends: NameList = ()
    edge: EdgeSpec | None = None
    lookups: tuple[tuple[str, ...], ...] = ()
    properties: dict[str, PropertySpec] = Field(default_factory=dict)
