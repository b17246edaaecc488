"""Typed specs of a loader mapping file (loaders/NAME.yaml); unknown keys are rejected."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph_platform.errors import InvalidArguments
from graph_platform.model.tlp import marking


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
    `external_references.0.external_id`). `format` lists the date formats to try in order;
    with `end_of_period` a date given only to the month or year (`%b-%y`, `%Y`) becomes the
    last instant of that month or year instead of the first.
    """

    column: str | None = None
    item: bool = False
    literal: Any = None
    template: str | None = None
    pattern: str | None = None
    transform: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    end_of_period: bool = False

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
        return self


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


class EntitySpec(_Spec):
    """A node the mapping makes from a row (or from each item of the `each` list).

    A `ref` entity writes no node: it only computes the id of a node another row (or file)
    writes, so a relationship can point at it (a STIX relationship's `source_ref`). `id_type`
    names the type hashed into the id when it must not depend on the concrete type: rows that
    refer to an FtM party or a STIX identity cannot know whether it is a Person or an
    Organisation, so both use `id_type: LegalEntity`.
    """

    type: str
    namespace: str = Field(min_length=1)
    keys: tuple[ValueSpec, ...] = Field(min_length=1)
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


class RelationshipSpec(_Spec):
    type: str
    source: str
    target: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    when: tuple[ConditionSpec, ...] = ()
    seen: ValueSpec | None = None
    properties: dict[str, ValueSpec] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return _conditions(data)


class SourceSpec(_Spec):
    kind: str
    options: dict[str, Any] = Field(default_factory=dict)


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

    @field_validator("marking")
    @classmethod
    def _tlp(cls, value: str | None) -> str | None:
        try:
            return None if value is None else marking(value)
        except InvalidArguments as error:
            raise ValueError(str(error)) from None
