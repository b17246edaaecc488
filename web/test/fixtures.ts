import type { ChartEdge, ChartNode } from "../src/model";

export function node(id: string, type = "Account", extra: Partial<ChartNode> = {}): ChartNode {
  return {
    id,
    type,
    labels: [type, "Entity"],
    caption: `${type} ${id}`,
    firstSeen: null,
    lastSeen: null,
    sources: ["s1"],
    origins: [`s1 @ f.csv#${id}`],
    properties: {},
    ...extra,
  };
}

export function edge(source: string, type: string, target: string, extra: Partial<ChartEdge> = {}): ChartEdge {
  return {
    id: `${source}-${type}-${target}`,
    type,
    source,
    target,
    confidence: 1,
    firstSeen: null,
    lastSeen: null,
    sources: ["s1"],
    origins: ["s1 @ f.csv#1"],
    inferred: false,
    ...extra,
  };
}
