/** The chart as JSON: nodes and edges with their provenance, and the view that made it. */
import type { ChartEdge, ChartNode } from "../model";
import type { SharedView } from "../url-state";

export const CHART_JSON_FORMAT = "graph_platform.chart";

export interface ChartJson {
  format: typeof CHART_JSON_FORMAT;
  version: 1;
  exportedAt: string;
  view: SharedView;
  nodes: ChartNode[];
  edges: ChartEdge[];
}

export function toChartJson(nodes: readonly ChartNode[], edges: readonly ChartEdge[], view: SharedView, now = new Date()): string {
  const document: ChartJson = {
    format: CHART_JSON_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    view,
    nodes: [...nodes],
    edges: [...edges],
  };
  return JSON.stringify(document, null, 2);
}
