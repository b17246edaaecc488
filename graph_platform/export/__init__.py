"""Exports of the graph to exchange formats (STIX 2.1, FollowTheMoney, GraphML, GEXF, CSV)."""

from graph_platform.export.exporter import FORMATS, Exporter, export_name, load_mappings
from graph_platform.export.format import ExportCounts
from graph_platform.export.records import Visibility
from graph_platform.export.scope import (
    CanonicalScope,
    NeighbourhoodScope,
    OperationScope,
    Scope,
    WholeGraph,
    parse_scope,
)

__all__ = [
    "FORMATS",
    "CanonicalScope",
    "ExportCounts",
    "Exporter",
    "NeighbourhoodScope",
    "OperationScope",
    "Scope",
    "Visibility",
    "WholeGraph",
    "export_name",
    "load_mappings",
    "parse_scope",
]
