"""GraphML from a scope: every node and edge with every property and its provenance.

Keys are derived from the ontology (see attributes.py), so the file declares the same keys
whatever the scope. Nodes are written as they are read; edges go to a spool and follow the
last node, so readers that want nodes first (Gephi) get them, and memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

from graph_platform.export.attributes import (
    EDGE_PROVENANCE_ATTRIBUTES,
    NODE_PROVENANCE_ATTRIBUTES,
    Attribute,
    edge_attributes,
    node_attributes,
    provenance_values,
)
from graph_platform.export.format import ExportCounts, Output, label_of, nodes_then_edges
from graph_platform.export.mapping import FormatMapping
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode
from graph_platform.export.xml_text import attribute, scalar, text

_TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean"}
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


class GraphmlWriter:
    """Writes one GraphML document."""

    name: ClassVar[str] = "graphml"
    media_type: ClassVar[str] = "application/graphml+xml"
    suffix: ClassVar[str] = ".graphml"

    def __init__(self, mapping: FormatMapping) -> None:
        self.mapping = mapping
        self.counts = ExportCounts()
        self.type_key: str = mapping.option("type_attribute")
        self.label_key: str = mapping.option("label_attribute")
        model = mapping.model
        self.node_keys = [
            Attribute(self.type_key, "string"),
            Attribute(self.label_key, "string"),
            *node_attributes(model),
            *(Attribute(n, k) for n, k in NODE_PROVENANCE_ATTRIBUTES),
        ]
        self.edge_keys = [
            Attribute(self.type_key, "string"),
            *edge_attributes(model),
            *(Attribute(n, k) for n, k in EDGE_PROVENANCE_ATTRIBUTES),
        ]

    @property
    def incoming(self) -> tuple[str, ...]:
        return ()

    @property
    def target_keys(self) -> tuple[str, ...]:
        return ()

    def chunks(
        self, items: Iterable[ExportItem], sources: Mapping[str, Mapping[str, Any]]
    ) -> Iterator[bytes]:
        out = Output()
        out.write(HEADER)
        for prefix, kind, keys in (("n", "node", self.node_keys), ("e", "edge", self.edge_keys)):
            for key in keys:
                out.write(
                    f'  <key id="{prefix}_{key.name}" for="{kind}" attr.name="{key.name}" '
                    f'attr.type="{_TYPES[key.kind]}"/>\n'
                )
        out.write('  <graph id="G" edgedefault="directed">\n')
        yield from nodes_then_edges(
            out, items, self._node, self._edge, "", "  </graph>\n</graphml>\n"
        )

    def _data(self, prefix: str, values: Mapping[str, Any]) -> str:
        return "".join(
            f'      <data key="{prefix}_{name}">{text(scalar(value))}</data>\n'
            for name, value in values.items()
            if value is not None and value != []
        )

    def _node(self, node: ExportNode) -> str:
        self.counts.nodes += 1
        self.counts.objects += 1
        values = {
            self.type_key: node.type,
            self.label_key: label_of(node.props, self.mapping, node.id),
            **node.props,
            **provenance_values(node),
        }
        return f"    <node id={attribute(node.id)}>\n{self._data('n', values)}    </node>\n"

    def _edge(self, edge: ExportEdge) -> str:
        self.counts.edges += 1
        self.counts.objects += 1
        values = {self.type_key: edge.type, **edge.props, **provenance_values(edge)}
        return (
            f"    <edge source={attribute(edge.source)} target={attribute(edge.target)}>\n"
            f"{self._data('e', values)}    </edge>\n"
        )
