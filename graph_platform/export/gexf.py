"""GEXF 1.3 from a scope, for Gephi: every property, provenance, and the seen range as time.

The graph is dynamic: a node or edge with a seen range has it as `start` / `end` (ISO 8601 in
UTC), so Gephi's time slider shows the network as the data saw it grow. The time format is
declared `date`, as networkx writes it for such values: Gephi parses the full time either way,
and networkx cannot read `dateTime`. An edge's
confidence is also its weight. Attributes are declared from the ontology (attributes.py); edges
are spooled while nodes stream, because GEXF lists all nodes before the edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar

from graph_platform.export.attributes import (
    EDGE_PROVENANCE_ATTRIBUTES,
    NODE_PROVENANCE_ATTRIBUTES,
    Attribute,
    edge_attributes,
    node_attributes,
    provenance_values,
    utc,
)
from graph_platform.export.format import ExportCounts, Output, label_of, nodes_then_edges
from graph_platform.export.mapping import FormatMapping
from graph_platform.export.records import ExportEdge, ExportItem, ExportNode, Provenance
from graph_platform.export.xml_text import attribute, scalar

_TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean"}
NAMESPACE = "http://gexf.net/1.3"


def _spell(provenance: Provenance) -> str:
    """` start="…" end="…"` of a seen range (end only when later than start)."""
    first, last = provenance.first_seen, provenance.last_seen
    text = ""
    if isinstance(first, datetime):
        text += f' start="{utc(first).isoformat()}"'
    if isinstance(last, datetime) and (not isinstance(first, datetime) or last >= first):
        text += f' end="{utc(last).isoformat()}"'
    return text


class GexfWriter:
    """Writes one GEXF 1.3 document."""

    name: ClassVar[str] = "gexf"
    media_type: ClassVar[str] = "application/gexf+xml"
    suffix: ClassVar[str] = ".gexf"

    def __init__(self, mapping: FormatMapping, now: datetime | None = None) -> None:
        self.mapping = mapping
        self.counts = ExportCounts()
        self.now = now or datetime.now()
        self.type_key: str = mapping.option("type_attribute")
        model = mapping.model
        self.node_keys = [
            Attribute(self.type_key, "string"),
            *node_attributes(model),
            *(Attribute(n, k) for n, k in NODE_PROVENANCE_ATTRIBUTES),
        ]
        self.edge_keys = [
            Attribute(self.type_key, "string"),
            *edge_attributes(model),
            *(Attribute(n, k) for n, k in EDGE_PROVENANCE_ATTRIBUTES),
        ]
        self._node_index = {a.name: i for i, a in enumerate(self.node_keys)}
        self._edge_index = {a.name: i for i, a in enumerate(self.edge_keys)}

    @property
    def incoming(self) -> tuple[str, ...]:
        return ()

    @property
    def target_keys(self) -> tuple[str, ...]:
        return ()

    def _header(self) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<gexf xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">',
            f'  <meta lastmodifieddate="{self.now.date().isoformat()}">',
            "    <creator>graph_platform</creator>",
            "  </meta>",
            '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">',
        ]
        for kind, keys in (("node", self.node_keys), ("edge", self.edge_keys)):
            lines.append(f'    <attributes class="{kind}" mode="static">')
            lines += [
                f'      <attribute id="{i}" title="{a.name}" type="{_TYPES[a.kind]}"/>'
                for i, a in enumerate(keys)
            ]
            lines.append("    </attributes>")
        return "\n".join(lines) + "\n    <nodes>\n"

    def chunks(
        self, items: Iterable[ExportItem], sources: Mapping[str, Mapping[str, Any]]
    ) -> Iterator[bytes]:
        out = Output()
        out.write(self._header())
        yield from nodes_then_edges(
            out,
            items,
            self._node,
            self._edge,
            "    </nodes>\n    <edges>\n",
            "    </edges>\n  </graph>\n</gexf>\n",
        )

    @staticmethod
    def _values(index: Mapping[str, int], values: Mapping[str, Any]) -> str:
        found = [
            f'          <attvalue for="{index[name]}" value={attribute(scalar(value))}/>\n'
            for name, value in values.items()
            if value is not None and value != [] and name in index
        ]
        return f"        <attvalues>\n{''.join(found)}        </attvalues>\n" if found else ""

    def _node(self, node: ExportNode) -> str:
        self.counts.nodes += 1
        self.counts.objects += 1
        label = label_of(node.props, self.mapping, node.id)
        values = {self.type_key: node.type, **node.props, **provenance_values(node)}
        return (
            f"      <node id={attribute(node.id)} label={attribute(label)}"
            f"{_spell(node.provenance)}>\n{self._values(self._node_index, values)}      </node>\n"
        )

    def _edge(self, edge: ExportEdge) -> str:
        self.counts.edges += 1
        self.counts.objects += 1
        values = {self.type_key: edge.type, **edge.props, **provenance_values(edge)}
        weight = f' weight="{edge.confidence}"' if edge.confidence is not None else ""
        return (
            f'      <edge id="e{self.counts.edges}" source={attribute(edge.source)} '
            f'target={attribute(edge.target)} label="{edge.type}"{weight}'
            f"{_spell(edge.provenance)}>\n{self._values(self._edge_index, values)}      </edge>\n"
        )
