/**
 * What the chart shows, derived from the state: hidden nodes out, filters (relationship type,
 * minimum confidence, source, "as of" time) applied, members grouped (accounts into their
 * operation's group, records into their canonical entity). Pure, so it is unit-tested.
 */
import type { Cap, ChartEdge, ChartNode } from "./model";
import { type ChartState, edgeKey, type Filters } from "./store";

export interface DerivedView {
  nodes: ChartNode[];
  edges: ChartEdge[];
  caps: Map<string, Cap>;
  /** Node id on the chart → the ids it stands for (a group stands for its members). */
  members: Map<string, string[]>;
}

export function deriveView(state: ChartState): DerivedView {
  const { filters } = state;
  const nodes = [...state.nodes.values()].filter((n) => !state.hidden.has(n.id) && visibleAt(n, filters.asOf));
  const shown = new Set(nodes.map((n) => n.id));
  const edges = [...state.edges.values()].filter(
    (e) => shown.has(e.source) && shown.has(e.target) && passes(e, filters),
  );
  const view = { nodes, edges, caps: new Map(state.caps), members: new Map(nodes.map((n) => [n.id, [n.id]])) };
  if (state.grouping === "operation") return grouped(view, operationGroups(view));
  if (state.grouping === "canonical") return grouped(view, canonicalGroups(view));
  return view;
}

/** An edge passes the filters: type shown, confident enough, asserted by a chosen source, seen by then. */
export function passes(edge: ChartEdge, filters: Filters): boolean {
  if (filters.hiddenRelTypes.includes(edge.type)) return false;
  if (edge.confidence !== null && edge.confidence < filters.minConfidence) return false;
  if (filters.sources.length && !edge.sources.some((s) => filters.sources.includes(s))) return false;
  return visibleAt(edge, filters.asOf);
}

/** Known by `asOf`: first seen before it (items without a date are always shown). */
export function visibleAt(item: { firstSeen: string | null }, asOf: string | null): boolean {
  if (!asOf || !item.firstSeen) return true;
  return Date.parse(item.firstSeen) <= Date.parse(asOf);
}

/** Accounts PART_OF an operation on the chart → one group node per operation. */
function operationGroups(view: DerivedView): Map<string, ChartNode> {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const groupOf = new Map<string, ChartNode>();
  for (const edge of view.edges) {
    const operation = byId.get(edge.target);
    if (edge.type !== "PART_OF" || operation?.type !== "InfluenceOperation") continue;
    if (groupOf.has(edge.source)) continue;
    groupOf.set(edge.source, {
      ...operation,
      id: `group:${operation.id}`,
      type: "Group",
      labels: ["Group"],
      caption: `accounts of ${operation.caption}`,
      properties: { operation: operation.id },
    });
  }
  return groupOf;
}

/** Records RESOLVED_TO a canonical entity on the chart → that entity. */
function canonicalGroups(view: DerivedView): Map<string, ChartNode> {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const groupOf = new Map<string, ChartNode>();
  for (const edge of view.edges) {
    const canonical = byId.get(edge.target);
    if (edge.type === "RESOLVED_TO" && canonical?.type === "ResolvedEntity") groupOf.set(edge.source, canonical);
  }
  return groupOf;
}

/** Replaces each grouped node by its group, re-routing (and merging) edges. */
function grouped(view: DerivedView, groupOf: Map<string, ChartNode>): DerivedView {
  if (!groupOf.size) return view;
  const target = (id: string): string => groupOf.get(id)?.id ?? id;
  const nodes = new Map<string, ChartNode>();
  const members = new Map<string, string[]>();
  for (const node of view.nodes) {
    const group = groupOf.get(node.id) ?? node;
    nodes.set(group.id, group);
    members.set(group.id, [...(members.get(group.id) ?? []), node.id]);
  }
  for (const [id, group] of nodes) {
    const count = members.get(id)?.length ?? 1;
    if (group.type === "Group") nodes.set(id, { ...group, caption: `${count} ${group.caption}` });
  }
  const edges = new Map<string, ChartEdge>();
  for (const edge of view.edges) {
    const source = target(edge.source);
    const targetId = target(edge.target);
    if (source === targetId) continue;
    const routed = { ...edge, source, target: targetId };
    const key = edgeKey(routed);
    const known = edges.get(key);
    if (!known) edges.set(key, { ...routed, id: key });
    else
      edges.set(key, {
        ...known,
        confidence: Math.max(known.confidence ?? 0, edge.confidence ?? 0),
        sources: [...new Set([...known.sources, ...edge.sources])],
        origins: [...new Set([...known.origins, ...edge.origins])],
      });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], caps: view.caps, members };
}
