/**
 * The chart's data model: what the API returns, reduced to what the chart shows and exports.
 * Independent of the drawing library, so the store, the exports and the tests need no browser.
 */

/** One property value as the API gives it (scalars, lists of scalars). */
export type PropertyValue = string | number | boolean | null | PropertyValue[];

/** A node on the chart: an entity with its provenance. */
export interface ChartNode {
  id: string;
  /** The ontology type (the most specific label). */
  type: string;
  labels: string[];
  caption: string;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Ids of the Source nodes that assert it. */
  sources: string[];
  /** Where each source first stated it ("<source id> @ <file>#<row>"). */
  origins: string[];
  /** Every other property the API returned, by GraphQL field name. */
  properties: Record<string, PropertyValue>;
}

/** An edge on the chart: a relationship with its confidence and provenance. */
export interface ChartEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  confidence: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
  sources: string[];
  origins: string[];
  /** True for edges inferred by the platform (coordination, resolution), not stated by a source. */
  inferred: boolean;
}

/** A node whose neighbours the API capped: `shown` of `total` came back ("+N more"). */
export interface Cap {
  id: string;
  shown: number;
  total: number;
}

/** A piece of graph from one API answer. */
export interface Subgraph {
  nodes: ChartNode[];
  edges: ChartEdge[];
  caps: Cap[];
}

/** Node types in the order used by legends and by the hierarchy layout (who is behind what). */
export const TYPE_ORDER = [
  "Account",
  "Post",
  "Hashtag",
  "Url",
  "Domain",
  "Platform",
  "InfluenceOperation",
  "Narrative",
  "Technique",
  "ResolvedEntity",
  "Person",
  "Organisation",
  "Location",
  "Payment",
  "Source",
] as const;

/** The most specific type among a node's labels (labels hold the type, its ancestors and Entity). */
export function typeOf(labels: readonly string[]): string {
  const abstract = new Set(["Entity", "LegalEntity"]);
  const concrete = labels.filter((label) => !abstract.has(label));
  return concrete[0] ?? labels[0] ?? "Entity";
}

/** "+N more" for a cap, or "" when everything was shown. */
export function moreLabel(cap: Cap | undefined): string {
  if (!cap || cap.total <= cap.shown) return "";
  return `+${cap.total - cap.shown} more`;
}
