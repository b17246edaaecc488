"""The GraphQL schema generated from the ontology, and the committed SDL that shows it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from graphql import GraphQLInterfaceType, GraphQLNamedType, GraphQLObjectType, get_named_type
from graphql import build_schema as parse_sdl

from graph_platform.api import SCHEMA_FILE, build_schema, schema_sdl
from graph_platform.errors import DefinitionError
from graph_platform.model import Model, Property, PropertyType, get_model
from graph_platform.settings import Settings


@pytest.fixture(scope="module")
def model() -> Model:
    return get_model(Settings().ontology_dir)


def test_committed_schema_file_matches_the_generated_schema(model: Model) -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(model), (
        "graph_platform/api/schema.graphql is out of date: "
        "run `python -m graph_platform.api` and review the diff"
    )


def test_every_node_type_becomes_a_graphql_type(model: Model) -> None:
    types = _type_map(model)

    for node_type in model.node_types.values():
        graphql_type = types[node_type.name]
        kind = GraphQLInterfaceType if node_type.abstract else GraphQLObjectType
        assert isinstance(graphql_type, kind), node_type.name
        # Every property is a field, plus `caption`; every type is a Relay Node and implements
        # its ancestors.
        assert set(graphql_type.fields) >= {"caption", *map(_camel, node_type.properties)}
        assert {i.name for i in graphql_type.interfaces} == {"Node", *node_type.ancestors}


def test_a_new_property_in_the_ontology_is_a_new_field(model: Model) -> None:
    account = model.node_types["Account"]
    verified = Property(
        "verified_at", PropertyType.DATETIME, "When verified.", False, False, "Account"
    )
    edited = replace(
        model,
        node_types={
            **model.node_types,
            "Account": replace(account, properties={**account.properties, "verified_at": verified}),
        },
    )

    field = _object_type(edited, "Account").fields["verifiedAt"]

    assert str(field.type) == "DateTime"
    assert field.description == "When verified."
    assert "verifiedAt" not in _object_type(model, "Account").fields


def test_a_property_clashing_with_an_api_field_is_a_definition_error(model: Model) -> None:
    post = model.node_types["Post"]
    clash = Property("caption", PropertyType.TEXT, "Image caption.", False, False, "Post")
    edited = replace(
        model,
        node_types={
            **model.node_types,
            "Post": replace(post, properties={**post.properties, "caption": clash}),
        },
    )

    with pytest.raises(DefinitionError) as raised:
        build_schema(edited)

    [problem] = raised.value.problems
    assert (problem.file, problem.key) == ("Post.yaml", "properties.caption")


def _type_map(model: Model) -> dict[str, GraphQLNamedType]:
    """The generated schema as graphql-core sees it, read back from its SDL."""
    return parse_sdl(build_schema(model).as_str()).type_map


def _object_type(model: Model, name: str) -> GraphQLObjectType:
    graphql_type = _type_map(model)[name]
    assert isinstance(graphql_type, GraphQLObjectType)
    return graphql_type


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def test_one_nullability_per_field_name_across_types(model: Model) -> None:
    """A client selecting `name` on an Organisation and a Location in one query (fragments on the
    Entity interface) must not meet `String` on one and `String!` on the other: GraphQL rejects
    such a selection. Among all node types, a field name has one shape."""
    shapes: dict[str, set[str]] = {}
    for graphql_type in _type_map(model).values():
        is_node = isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType) and any(
            i.name == "Node" for i in graphql_type.interfaces
        )
        if is_node:
            for name, field in graphql_type.fields.items():
                shape = str(field.type).replace(str(get_named_type(field.type)), "T")
                shapes.setdefault(name, set()).add(shape)
    assert {name for name, found in shapes.items() if len(found) > 1} == set()
    assert shapes["name"] == {"T"} and shapes["id"] == {"T!"} and shapes["sources"] == {"[T!]!"}


def test_a_field_name_with_two_shapes_is_a_definition_error(model: Model) -> None:
    member_of = model.edge_types["MemberOf"]
    edited = replace(
        model, edge_types={**model.edge_types, "MemberOf": replace(member_of, reverse="members")}
    )
    with pytest.raises(DefinitionError) as raised:
        build_schema(edited)

    problem = next(p for p in raised.value.problems if p.key == "members")
    assert (
        problem.message == "the field 'members' is a connection on one type and a list on another"
    )
