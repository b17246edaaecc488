/**
 * From API answers to the chart model. The shapes here are the GraphQL selections the chart makes
 * (src/graphql/*.graphql); the generated types check them against the committed schema.
 */
import { type ChartEdge, type ChartNode, type PropertyValue, type Subgraph, typeOf } from "../model";

/** The fields every entity selection carries (fragment ChartEntity). */
export interface EntityFields {
  __typename?: string;
  id: string;
  labels: string[];
  caption: string;
  sources: string[];
  origins: string[];
  firstSeen?: unknown;
  lastSeen?: unknown;
  [field: string]: unknown;
}

/** The fields of a graph edge (type GraphEdge). */
export interface EdgeFields {
  id: string;
  type: string;
  source: string;
  target: string;
  confidence?: number | null;
  firstSeen?: unknown;
  lastSeen?: unknown;
  /** The Source nodes asserting the edge (the chart keeps their ids). */
  sources: { id: string }[];
  origins: string[];
  inferred?: boolean | null;
}

export interface SubgraphFields {
  nodes: EntityFields[];
  edges: EdgeFields[];
  capped: { id: string; shown: number; total: number }[];
}

const ENTITY_FIELDS = new Set([
  "__typename",
  "id",
  "labels",
  "caption",
  "sources",
  "origins",
  "firstSeen",
  "lastSeen",
]);

export function toChartNode(entity: EntityFields): ChartNode {
  const properties: Record<string, PropertyValue> = {};
  for (const [alias, value] of Object.entries(entity)) {
    if (alias.startsWith("__")) continue;
    // Fields whose type differs between entity types come aliased "<field>__<Type>".
    const field = alias.split("__")[0] ?? alias;
    if (!ENTITY_FIELDS.has(field) && isPropertyValue(value)) properties[field] = value;
  }
  return {
    id: entity.id,
    type: entity.__typename && entity.__typename !== "Entity" ? entity.__typename : typeOf(entity.labels),
    labels: entity.labels,
    caption: entity.caption,
    firstSeen: asTime(entity.firstSeen),
    lastSeen: asTime(entity.lastSeen),
    sources: entity.sources,
    origins: entity.origins,
    properties,
  };
}

export function toChartEdge(edge: EdgeFields): ChartEdge {
  return {
    id: edge.id,
    type: edge.type,
    source: edge.source,
    target: edge.target,
    confidence: edge.confidence ?? null,
    firstSeen: asTime(edge.firstSeen),
    lastSeen: asTime(edge.lastSeen),
    sources: edge.sources.map((source) => source.id),
    origins: edge.origins,
    inferred: edge.inferred ?? false,
  };
}

export function toSubgraph(answer: SubgraphFields): Subgraph {
  return {
    nodes: answer.nodes.map(toChartNode),
    edges: answer.edges.map(toChartEdge),
    caps: answer.capped.map((cap) => ({ ...cap })),
  };
}

function asTime(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

function isPropertyValue(value: unknown): value is PropertyValue {
  if (value === null) return true;
  if (Array.isArray(value)) return value.every(isPropertyValue);
  return ["string", "number", "boolean"].includes(typeof value);
}
