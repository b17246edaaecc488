"""The ontology model read from ontology/: node and edge types with their properties, and ids."""

from graph_platform.model.ids import node_id
from graph_platform.model.model import (
    EDGE_ROOT,
    NODE_ROOT,
    EdgeType,
    Model,
    NodeType,
    Property,
    get_model,
    load_model,
)
from graph_platform.model.relationship_field import (
    Direction,
    RelationshipField,
    fields_of,
    relationship_fields,
)
from graph_platform.model.type_spec import PropertyType

__all__ = [
    "EDGE_ROOT",
    "NODE_ROOT",
    "Direction",
    "EdgeType",
    "Model",
    "NodeType",
    "Property",
    "PropertyType",
    "RelationshipField",
    "fields_of",
    "get_model",
    "load_model",
    "node_id",
    "relationship_fields",
]
