"""Typed specs of a loader mapping file (loaders/NAME.yaml); unknown keys are rejected."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueSpec(_Spec):
    """Where a value comes from: a column, the current list item, a literal or a template."""

    column: str | None = None
    item: bool = False
    literal: Any = None
    template: str | None = None
    pattern: str | None = None
    transform: tuple[str, ...] = ()
    format: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"column": data}
        if isinstance(data, dict) and isinstance(data.get("transform"), str):
            return {**data, "transform": (data["transform"],)}
        return data

    @model_validator(mode="after")
    def _one_origin(self) -> ValueSpec:
        origins = [self.column is not None, self.item, self.literal is not None]
        if sum(origins) > 1:
            raise ValueError("give only one of column, item, literal")
        if sum(origins) == 0 and self.template is None:
            raise ValueError("give one of column, item, literal or template")
        return self


class EntitySpec(_Spec):
    type: str
    namespace: str = Field(min_length=1)
    keys: tuple[ValueSpec, ...] = Field(min_length=1)
    each: str | None = None
    optional: bool = False
    seen: str | None = None
    properties: dict[str, ValueSpec] = Field(default_factory=dict)


class RelationshipSpec(_Spec):
    type: str
    source: str
    target: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    seen: str | None = None
    properties: dict[str, ValueSpec] = Field(default_factory=dict)


class SourceSpec(_Spec):
    kind: str
    options: dict[str, Any] = Field(default_factory=dict)


class MappingSpec(_Spec):
    description: str
    source: SourceSpec
    provenance: str
    entities: dict[str, EntitySpec]
    relationships: tuple[RelationshipSpec, ...] = ()
