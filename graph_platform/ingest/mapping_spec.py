"""Typed specs of a loader mapping file (loaders/NAME.yaml); unknown keys are rejected.

Every key is described, with an example that is loaded in a test, in docs/mappings.md (generated
from docs/mapping-reference.yaml and the registries by graph_platform/ingest/reference.py).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from graph_platform.errors import InvalidArguments
from graph_platform.model.tlp import marking


def fold_word(word: str) -> str:
    """A source's word as maps and sentinels compare it: trimmed, case-folded, spaces single."""
    return " ".join(word.split()).casefold()


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_tuple(data: Any, *keys: str) -> Any:
    """Accept one value where a list is meant (`transform: lower`, `format: "%Y"`)."""
    if not isinstance(data, dict):
        return data
    return {k: (v,) if k in keys and isinstance(v, str) else v for k, v in data.items()}


class ValueSpec(_Spec):
    """Where a value comes from: a column, the current list item, a literal or a template.

    A column of a JSON source may be a dotted path (`meta.synonyms`,
    `external_references.0.external_id`). Then, in order: `split` cuts text at a declared
    separator into items, `pattern` keeps a regex match, `transform`s apply, `map` translates
    the source's words (`default` for the rest and for no value), and `template` formats. Each
    step applies item by item to a list. `format` lists the date formats to try in order; with
    `end_of_period` a date given only to the month or year (`%b-%y`, `%Y`) becomes the last
    instant of that month or year instead of the first.
    """

    column: str | None = None
    item: bool = False
    literal: Any = None
    template: str | None = None
    split: str | None = Field(default=None, min_length=1)
    pattern: str | None = None
    transform: tuple[str, ...] = ()
    map: dict[str, Any] | None = None
    default: Any = None
    format: tuple[str, ...] = ()
    end_of_period: bool = False
    #: `map` with its words case-folded and trimmed: "direct attribution " finds "Direct
    #: Attribution".
    _folded: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"column": data}
        return _as_tuple(data, "transform", "format")

    @model_validator(mode="after")
    def _one_origin(self) -> ValueSpec:
        origins = [self.column is not None, self.item, self.literal is not None]
        if sum(origins) > 1:
            raise ValueError("give only one of column, item, literal")
        if sum(origins) == 0 and self.template is None:
            raise ValueError("give one of column, item, literal or template")
        if self.has_default and self.map is None:
            raise ValueError("default goes with map (the value for words the map lacks)")
        self._folded = {fold_word(k): v for k, v in (self.map or {}).items()}
        return self

    @cached_property
    def as_given(self) -> bool:
        """True for a value read as it stands from a column or list item: one that can be an
        id (a value a pattern, transform, map or template made is the mapping's). Cached: it
        is asked of every id of every row."""
        made = self.template or self.pattern or self.map or self.split or self.transform
        return not made and (self.column is not None or self.item)

    def mapped(self, word: str) -> tuple[bool, Any]:
        """(True, the map's value) for a word the map has, matched exactly or case-folded."""
        if self.map is not None and word in self.map:
            return True, self.map[word]
        folded = fold_word(word)
        return (True, self._folded[folded]) if folded in self._folded else (False, None)

    @property
    def has_default(self) -> bool:
        """True when the mapping gave `default:` (a null default is a default too)."""
        return "default" in self.model_fields_set


class ConditionSpec(ValueSpec):
    """A `when:` test on a value: it `equals` one value, is `in` / `not_in` a list, or is
    `present` (not null, not empty). A list value passes `equals` / `in` when any item does,
    and `not_in` when no item is listed."""

    equals: Any = None
    in_: tuple[Any, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Any, ...] | None = None
    present: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> ConditionSpec:
        tests = [self.equals is not None, self.in_ is not None, self.not_in is not None]
        if sum(tests) + (self.present is not None) != 1:
            raise ValueError("give exactly one of equals, in, not_in, present")
        return self


def _conditions(data: Any) -> Any:
    """`when:` takes one condition or a list of them (all must hold)."""
    if isinstance(data, dict) and isinstance(data.get("when"), dict):
        return {**data, "when": [data["when"]]}
    return data


class FallbackSpec(_Spec):
    """The id an entity takes when one of its `keys` has no value or was set aside (a platform
    id a spreadsheet rounded): the same type, keyed by other values in another namespace."""

    namespace: str = Field(min_length=1)
    keys: tuple[ValueSpec, ...] = Field(min_length=1)


class EntitySpec(_Spec):
    """A node the mapping makes from a row (or from each item of the `each` list).

    `type` is an ontology node type, or a value with a `map` from the source's words to types
    (one column says whether the row names a state, a person or a company); `namespace` may be
    chosen per row the same way (states keyed in the `country` namespace every loader's country
    nodes share, people and companies in the tracker's own). A `ref` entity
    writes no node: it only computes the id of a node another row (or file) writes, so a
    relationship can point at it (a STIX relationship's `source_ref`). `id_type` names the type
    hashed into the id when it must not depend on the concrete type: rows that refer to an FtM
    party or a STIX identity cannot know whether it is a Person or an Organisation, so both use
    `id_type: LegalEntity`.
    """

    type: str | ValueSpec
    namespace: str | ValueSpec
    keys: tuple[ValueSpec, ...] = Field(min_length=1)
    fallback: FallbackSpec | None = None
    id_type: str | None = None
    ref: bool = False
    each: ValueSpec | None = None
    when: tuple[ConditionSpec, ...] = ()
    optional: bool = False
    seen: ValueSpec | None = None
    properties: dict[str, ValueSpec] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return _conditions(data)

    @model_validator(mode="after")
    def _named(self) -> EntitySpec:
        for key in ("type", "namespace"):
            value = getattr(self, key)
            if isinstance(value, str) and not value:
                raise ValueError(f"{key} must not be empty")
            if isinstance(value, ValueSpec) and value.map is None and value.literal is None:
                raise ValueError(f"a {key} read from a column needs a map (or a literal)")
        return self


class RelationshipSpec(_Spec):
    """An edge between two of the row's entities; `confidence` is a number, or a value (a
    column with a `map` from the source's words to numbers, such as "Direct Attribution")."""

    type: str
    source: str
    target: str
    confidence: float | ValueSpec = 1.0
    when: tuple[ConditionSpec, ...] = ()
    seen: ValueSpec | None = None
    properties: dict[str, ValueSpec] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        data = _conditions(data)
        if isinstance(data, dict) and isinstance(data.get("confidence"), str):
            return {**data, "confidence": {"column": data["confidence"]}}
        return data

    @model_validator(mode="after")
    def _confidence_range(self) -> RelationshipSpec:
        if isinstance(self.confidence, float) and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is not between 0 and 1")
        return self


class SourceSpec(_Spec):
    kind: str
    options: dict[str, Any] = Field(default_factory=dict)


class AttributionCheckSpec(_Spec):
    """After a load, each operation node of `entity` the load wrote is checked for an
    attribution in the graph: without one it is recorded as `actor_status: unknown` and the load
    warns that `index` (the loader whose rows attribute such operations) lacks it."""

    entity: str
    index: str


class MappingSpec(_Spec):
    """A loader mapping. `marking`: the TLP marking of the Sources it makes when a row gives
    none (public datasets say CLEAR; a generic format says nothing, so its Sources count as
    the deployment's unmarked level until the load names one)."""

    description: str
    source: SourceSpec
    provenance: str
    marking: str | None = None
    entities: dict[str, EntitySpec]
    relationships: tuple[RelationshipSpec, ...] = ()
    attribution_check: AttributionCheckSpec | None = None

    @field_validator("marking")
    @classmethod
    def _tlp(cls, value: str | None) -> str | None:
        try:
            return None if value is None else marking(value)
        except InvalidArguments as error:
            raise ValueError(str(error)) from None
