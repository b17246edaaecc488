"""Strawberry types known only at run time (from the ontology), able to refer to each other.

`Account.posts` leads to `PostedConnection`, whose edges lead back to `Account` through
`Post.postedBy`: generated types form cycles. Each schema build gets a module of its own; every
type it makes lives there, and fields name their types as text (`"list[PostedEdge]"`), which
strawberry resolves in that module when the schema is built, after all of them exist.
"""

from __future__ import annotations

import itertools
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import strawberry
from graphql import GraphQLResolveInfo
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

_BUILDS = itertools.count(1)
#: Names a field's type text may use besides the generated types.
_BUILTINS = {"ID": strawberry.ID, "datetime": datetime, "date": date, "JSON": JSON}


@dataclass(frozen=True)
class Member:
    """One field of a generated type: its type (a class, or a type's name as text) and field."""

    annotation: Any
    field: StrawberryField


def member(
    annotation: Any,
    resolver: Callable[..., Any] | None = None,
    description: str | None = None,
    name: str | None = None,
) -> Member:
    """A field of type `annotation`, computed by `resolver` (or read from the root object);
    `name` overrides its GraphQL name (a Python keyword such as `from`)."""
    made = (
        strawberry.field(description=description, name=name)
        if resolver is None
        else strawberry.field(resolver=resolver, description=description, name=name)
    )
    # strawberry.field is typed to return the resolver's result, for use in class bodies.
    return Member(annotation, cast(StrawberryField, made))


def listed(name: str) -> str:
    """The type text of a list of `name`."""
    return f"list[{name}]"


def nullable(name: str) -> str:
    """The type text of `name` or null."""
    return f"{name} | None"


class TypeFactory:
    """Makes the generated types of one schema in a module of their own."""

    def __init__(self) -> None:
        name = f"graph_platform_api_schema_{next(_BUILDS)}"
        self.module = types.ModuleType(name, "Types generated for one GraphQL schema.")
        self.module.__dict__.update(_BUILTINS)
        sys.modules[name] = self.module

    def __getitem__(self, name: str) -> type:
        found: type = getattr(self.module, name)
        return found

    def __contains__(self, name: str) -> bool:
        return hasattr(self.module, name)

    def add(self, cls: type) -> type:
        """Make a type defined elsewhere (an enum, a static type) nameable in type texts, by
        its GraphQL name."""
        definition = getattr(cls, "__strawberry_definition__", None) or getattr(
            cls, "_enum_definition", None
        )
        setattr(self.module, definition.name if definition else cls.__name__, cls)
        return cls

    def make(
        self,
        name: str,
        description: str,
        fields: Mapping[str, Member],
        *,
        bases: tuple[type, ...] = (),
        is_interface: bool = False,
        is_type_of: Callable[[Any, GraphQLResolveInfo[Any]], bool] | None = None,
    ) -> type:
        """A strawberry type called `name` with `fields`, registered in this build's module."""
        if name in self:
            raise ValueError(f"the schema already has a type called {name!r}")
        namespace: dict[str, Any] = {
            **{key: m.field for key, m in fields.items()},
            "__annotations__": {key: m.annotation for key, m in fields.items()},
            "__module__": self.module.__name__,
        }
        if is_type_of is not None:
            namespace["is_type_of"] = staticmethod(is_type_of)
        cls = types.new_class(name, bases, {}, lambda body: body.update(namespace))
        made = strawberry.type(cls, is_interface=is_interface, description=description)
        setattr(self.module, name, made)
        return made
