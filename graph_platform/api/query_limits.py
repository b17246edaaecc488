"""Limits checked before a GraphQL operation runs: depth, aliases, fields and an estimated cost,
and what the caller's role may ask for (root fields, mutations, introspection).

The cost of a field is 1 plus its children's cost, times the page it asks for: `first`, `limit`
or `k` (their value, or the schema's default). `accounts(first: 100) { nodes { id handle } }`
costs 1 + 100 × (1 + 1 + 1) = 301. The estimate is known before anything runs, so a heavy or
abusive request (a thousand aliases, a page of pages of pages) is refused before it costs the
database anything, and the per-key budget is charged by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)

from graph_platform.access.principal import Principal, Role

#: Arguments whose value multiplies the cost of what a field selects.
PAGE_ARGUMENTS = ("first", "limit", "k")
#: Root fields a partner (read-only, shareable types only) may ask for.
PARTNER_FIELDS = frozenset(
    {
        "node",
        "entity",
        "account",
        "accounts",
        "operation",
        "operations",
        "search",
        "neighbourhood",
        "paths",
        "attribution",
        "attributedOperations",
        "me",
        "__typename",
    }
)
INTROSPECTION = frozenset({"__schema", "__type"})


class Refused(Exception):
    """An operation refused before it runs: the HTTP status and GraphQL code to answer with."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Limits:
    depth: int = 15
    aliases: int = 30
    fields: int = 1_000
    cost: int = 50_000
    partner_introspection: bool = False


@dataclass(frozen=True)
class Measure:
    depth: int
    aliases: int
    fields: int
    cost: int


@dataclass(frozen=True)
class CostModel:
    """What the estimate needs from the schema: each field's default page (`first`, `limit`,
    `k`) by field name, and the names of its object (concrete) types."""

    page_defaults: Mapping[str, int] = field(default_factory=dict)
    object_types: frozenset[str] = frozenset()


class _Walker:
    """Measures an operation. Fragments on different object types are alternatives (an
    interface-typed result is one of them), so a selection costs its common fields plus its
    dearest alternative, not the sum of every type's fields: a client that selects each entity
    type's properties pays for one type's, and the estimate does not grow with the ontology."""

    def __init__(
        self,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        model: CostModel,
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.model = model
        self.aliases = 0
        self.fields = 0
        self.depth = 0

    def split(
        self, selection_set: SelectionSetNode | None, seen: frozenset[str]
    ) -> tuple[list[FieldNode], dict[str, list[FieldNode]]]:
        """The selection's fields for every type (`common`) and, per object type named by a
        fragment, the fields only that type adds."""
        common: list[FieldNode] = []
        alternatives: dict[str, list[FieldNode]] = {}
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                common.append(selection)
                continue
            if isinstance(selection, InlineFragmentNode):
                fragment: InlineFragmentNode | FragmentDefinitionNode | None = selection
                inner = seen
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = None if name in seen else self.fragments.get(name)
                inner = seen | {name}
            else:
                continue
            if fragment is None:
                continue
            condition = fragment.type_condition.name.value if fragment.type_condition else None
            fields, more = self.split(fragment.selection_set, inner)
            if condition in self.model.object_types:
                group = alternatives.setdefault(str(condition), [])
                group += fields + [f for extra in more.values() for f in extra]
            else:
                common += fields
                for name, extra in more.items():
                    alternatives.setdefault(name, []).extend(extra)
        return common, alternatives

    def fields_of(
        self, selection_set: SelectionSetNode | None, seen: frozenset[str]
    ) -> list[FieldNode]:
        common, alternatives = self.split(selection_set, seen)
        return common + [f for fields in alternatives.values() for f in fields]

    def page(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value not in PAGE_ARGUMENTS:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(1, int(value.value))
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int):
                    return max(1, given)
        return self.model.page_defaults.get(field.name.value, 1)

    def cost(self, selection_set: SelectionSetNode | None, depth: int) -> int:
        self.depth = max(self.depth, depth)
        common, alternatives = self.split(selection_set, frozenset())
        dearest = max((self._sum(fields, depth) for fields in alternatives.values()), default=0)
        return self._sum(common, depth) + dearest

    def _sum(self, fields: list[FieldNode], depth: int) -> int:
        total = 0
        for field_node in fields:
            self.fields += 1
            self.aliases += field_node.alias is not None
            children = (
                self.cost(field_node.selection_set, depth + 1) if field_node.selection_set else 0
            )
            total += 1 + self.page(field_node) * children
        return total


def measure(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    model: CostModel,
) -> Measure:
    walker = _Walker(fragments, variables or {}, model)
    cost = walker.cost(operation.selection_set, 1)
    return Measure(walker.depth, walker.aliases, walker.fields, cost)


def check(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    principal: Principal,
    limits: Limits,
    model: CostModel,
) -> Measure:
    """The operation's measure, or Refused when the caller may not run it."""
    roots = {
        f.name.value
        for f in _Walker(fragments, {}, model).fields_of(operation.selection_set, frozenset())
    }
    if operation.operation is OperationType.MUTATION and not principal.may_decide:
        raise Refused(403, "FORBIDDEN", f"a {principal.role.value} key may not change anything")
    if principal.role is Role.PARTNER:
        if roots & INTROSPECTION and not limits.partner_introspection:
            raise Refused(403, "FORBIDDEN", "introspection is not open to partner keys")
        denied = roots - PARTNER_FIELDS - INTROSPECTION
        if denied:
            raise Refused(
                403, "FORBIDDEN", f"a partner key may not ask for {', '.join(sorted(denied))}"
            )
    found = measure(operation, fragments, variables, model)
    for what, value, most in (
        ("depth", found.depth, limits.depth),
        ("aliases", found.aliases, limits.aliases),
        ("fields", found.fields, limits.fields),
        ("estimated cost", found.cost, limits.cost),
    ):
        if value > most:
            raise Refused(
                400, "QUERY_TOO_COMPLEX", f"the operation's {what} is {value}; the most is {most}"
            )
    return found
