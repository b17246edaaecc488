/** How types look on the chart: one colour per node type, edge width by confidence. */

const NODE_COLOURS: Record<string, string> = {
  Account: "#2f6fdf",
  Post: "#8a94a6",
  Hashtag: "#16a3a3",
  Url: "#9c6b30",
  Domain: "#7a4e1d",
  Platform: "#5b6b8c",
  InfluenceOperation: "#d1343b",
  Narrative: "#e0719a",
  Technique: "#b04fc9",
  ResolvedEntity: "#e0a800",
  Person: "#f07c1f",
  Organisation: "#7048c8",
  Location: "#2e9b4f",
  Payment: "#4e8f8f",
  Source: "#6f7d3a",
};

const FALLBACK_COLOURS = ["#3a7ca5", "#a55d3a", "#5d3aa5", "#3aa55d", "#a53a7c"];

/** The colour of a node type; unknown types get a stable colour from their name. */
export function nodeColour(type: string): string {
  const known = NODE_COLOURS[type];
  if (known) return known;
  let hash = 0;
  for (const char of type) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return FALLBACK_COLOURS[hash % FALLBACK_COLOURS.length] ?? "#777777";
}

/** Node size: operations and actors stand out, posts recede. */
export function nodeSize(type: string): number {
  if (type === "InfluenceOperation" || type === "ResolvedEntity") return 9;
  if (type === "Person" || type === "Organisation" || type === "Location") return 8;
  if (type === "Post") return 3;
  return 5;
}

/** Edge width from confidence (0–1); an unstated confidence draws thin. */
export function edgeWidth(confidence: number | null): number {
  if (confidence === null) return 0.6;
  return 0.6 + 3.4 * Math.max(0, Math.min(1, confidence));
}

export const EDGE_COLOUR = "#b9c0cc";
export const EDGE_INFERRED_COLOUR = "#c9a0dc";
export const HIGHLIGHT_COLOUR = "#ff3d00";
export const DIMMED_COLOUR = "#d3d8e0";
