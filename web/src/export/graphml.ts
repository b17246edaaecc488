/**
 * GraphML of the chart (what it shows), provenance kept: every node and edge carries its
 * sources, origins, first/last seen, and nodes every property. Lists are written as JSON text.
 * Opens in Gephi, yEd, Cytoscape desktop and networkx.
 */
import type { ChartEdge, ChartNode, PropertyValue } from "../model";

interface Key {
  id: string;
  for: "node" | "edge";
  name: string;
  type: "string" | "double" | "boolean";
}

export function toGraphML(nodes: readonly ChartNode[], edges: readonly ChartEdge[]): string {
  const keys = new Map<string, Key>();
  const key = (scope: "node" | "edge", name: string, type: Key["type"] = "string"): string => {
    const id = `${scope === "node" ? "n" : "e"}_${name}`;
    if (!keys.has(id)) keys.set(id, { id, for: scope, name, type });
    return id;
  };
  const data = (k: string, value: PropertyValue | undefined): string => {
    if (value === null || value === undefined) return "";
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    return `      <data key="${k}">${escapeXml(text)}</data>\n`;
  };
  const nodeXml = nodes.map((n) => {
    let body =
      data(key("node", "type"), n.type) +
      data(key("node", "caption"), n.caption) +
      data(key("node", "labels"), n.labels) +
      data(key("node", "firstSeen"), n.firstSeen) +
      data(key("node", "lastSeen"), n.lastSeen) +
      data(key("node", "sources"), n.sources) +
      data(key("node", "origins"), n.origins);
    for (const [name, value] of Object.entries(n.properties)) body += data(key("node", `p_${name}`), value);
    return `    <node id="${escapeXml(n.id)}">\n${body}    </node>\n`;
  });
  const edgeXml = edges.map((e) => {
    const body =
      data(key("edge", "type"), e.type) +
      data(key("edge", "confidence", "double"), e.confidence) +
      data(key("edge", "firstSeen"), e.firstSeen) +
      data(key("edge", "lastSeen"), e.lastSeen) +
      data(key("edge", "sources"), e.sources) +
      data(key("edge", "origins"), e.origins) +
      data(key("edge", "inferred", "boolean"), e.inferred);
    return `    <edge id="${escapeXml(e.id)}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">\n${body}    </edge>\n`;
  });
  const keyXml = [...keys.values()].map(
    (k) => `  <key id="${k.id}" for="${k.for}" attr.name="${escapeXml(k.name)}" attr.type="${k.type}"/>\n`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n` +
    keyXml.join("") +
    `  <graph id="chart" edgedefault="directed">\n` +
    nodeXml.join("") +
    edgeXml.join("") +
    `  </graph>\n</graphml>\n`
  );
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
