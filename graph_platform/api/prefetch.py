"""Relationship pages a query asks for under a node it looks up by id, started with the node.

`account(id: …) { partOf { … } posts { … } }` would otherwise cost two round trips in turn: the
account, then, once it has resolved, its pages. The root resolver starts the pages' loads before
it awaits the node: the DataLoaders of the node and of each page dispatch in the same event-loop
turn, so their queries run side by side, and each page field's resolver finds its page loading
already (the same loader and key it would have asked). A page of a node that turns out hidden or
missing is never shown, because its field is never resolved; the caller's scope applies to it
as to every read.

Only fields of the looked-up type itself are started, with the arguments the request gives them
(literals or variables, defaults applied) and only when those arguments make a valid page: a
mistake is left to the field's own resolver to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.utils.str_converters import to_camel_case

from graph_platform.api.connection import selects_in
from graph_platform.errors import ClientError
from graph_platform.explore.page import Window
from graph_platform.explore.relationship_page import PageArgs
from graph_platform.model import Model, RelationshipField
from graph_platform.model.relationship_field import fields_of


class RelationshipPrefetch:
    """Starts the relationship pages selected under a node looked up by id; one per app (it keeps
    each type's relationship fields by their GraphQL names)."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._fields: dict[str, dict[str, RelationshipField]] = {}

    def start(self, info: Any, node_id: str, type_name: str) -> None:
        """Start loading every relationship page that the field being resolved selects of the
        `type_name` node `node_id`."""
        raw: GraphQLResolveInfo[Any] = info._raw_info
        graphql_type = raw.schema.get_type(type_name)
        if not isinstance(graphql_type, GraphQLObjectType):
            return
        fields = self._fields_of(type_name)
        loaders = info.context.loaders
        # strawberry hands resolvers the coerced variables as a dict; graphql-core wants them
        # in its container (no sources: the values are final)
        variables = VariableValues({}, info.variable_values)
        for node in _selected_fields(raw, type_name):
            field = fields.get(node.name.value)
            if field is None:
                continue
            try:
                values = get_argument_values(graphql_type.fields[node.name.value], node, variables)
                args = PageArgs(
                    values["first"],
                    values.get("after"),
                    Window(
                        values.get("since"),
                        values.get("until"),
                        values.get("asOf"),
                        values.get("minConfidence"),
                    ),
                    selects_in(node, "totalCount", raw),
                    *info.context.needs.of_page([node], raw),
                )
            except (ClientError, GraphQLError, KeyError):
                continue  # the field's resolver reports what is wrong with its arguments
            started = loaders.relationship(field, args).load(node_id)
            # retrieved here too, so that a page of a node never shown leaves no warning behind
            started.add_done_callback(lambda page: page.cancelled() or page.exception())

    def _fields_of(self, type_name: str) -> dict[str, RelationshipField]:
        fields = self._fields.get(type_name)
        if fields is None:
            fields = self._fields[type_name] = {
                to_camel_case(field.name): field for field in fields_of(self.model, type_name)
            }
        return fields


def _selected_fields(info: GraphQLResolveInfo[Any], type_name: str) -> Iterator[FieldNode]:
    for node in info.field_nodes:
        if node.selection_set is not None:
            yield from _fields(node.selection_set, type_name, info)


def _fields(
    selection_set: SelectionSetNode, type_name: str, info: GraphQLResolveInfo[Any]
) -> Iterator[FieldNode]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            if condition is None or condition.name.value == type_name:
                yield from _fields(selection.selection_set, type_name, info)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None and fragment.type_condition.name.value == type_name:
                yield from _fields(fragment.selection_set, type_name, info)
