/**
 * Cheap first positions, so the chart draws at once and the force layout only refines:
 * new nodes next to a neighbour already on the chart, the rest on a phyllotaxis disc in
 * breadth-first order (neighbours land near each other, which also shortens the refinement).
 */
import type Graph from "graphology";

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export interface Point {
  x: number;
  y: number;
}

/** Positions for `newIds`, given the graph (with their edges) and the nodes already placed. */
export function placeNodes(
  graph: Graph,
  newIds: readonly string[],
  placed: (id: string) => Point | undefined,
  spacing = 10,
): Map<string, Point> {
  const result = new Map<string, Point>();
  const position = (id: string): Point | undefined => result.get(id) ?? placed(id);
  const fresh = new Set(newIds);
  const childCount = new Map<string, number>();
  const orphans: string[] = [];

  // Breadth-first from each unplaced node, anchoring to an already placed neighbour if any.
  for (const id of bfsOrder(graph, newIds, fresh)) {
    const anchor = graph.neighbors(id).find((other) => !fresh.has(other) || result.has(other));
    const anchorPos = anchor === undefined ? undefined : position(anchor);
    if (anchor === undefined || anchorPos === undefined) {
      orphans.push(id);
      continue;
    }
    const k = (childCount.get(anchor) ?? 0) + 1;
    childCount.set(anchor, k);
    const radius = spacing * (1.5 + Math.sqrt(k));
    result.set(id, {
      x: anchorPos.x + radius * Math.cos(k * GOLDEN_ANGLE),
      y: anchorPos.y + radius * Math.sin(k * GOLDEN_ANGLE),
    });
  }
  // Nodes with no placed neighbour: a disc beside whatever is on the chart.
  const centre = orphans.length ? centreOf(graph, placed, result) : { x: 0, y: 0 };
  orphans.forEach((id, i) => {
    const radius = spacing * Math.sqrt(i + 0.5);
    result.set(id, {
      x: centre.x + radius * Math.cos(i * GOLDEN_ANGLE),
      y: centre.y + radius * Math.sin(i * GOLDEN_ANGLE),
    });
  });
  return result;
}

/** New nodes in breadth-first order, starting from those with the most neighbours. */
function bfsOrder(graph: Graph, ids: readonly string[], fresh: ReadonlySet<string>): string[] {
  const starts = [...ids].sort((a, b) => graph.degree(b) - graph.degree(a));
  // Nodes touching the existing chart go first so they become anchors for the rest.
  starts.sort((a, b) => Number(touchesOld(graph, b, fresh)) - Number(touchesOld(graph, a, fresh)));
  const seen = new Set<string>();
  const order: string[] = [];
  for (const start of starts) {
    if (seen.has(start)) continue;
    seen.add(start);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head] as string;
      order.push(id);
      for (const next of graph.neighbors(id)) {
        if (fresh.has(next) && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return order;
}

function touchesOld(graph: Graph, id: string, fresh: ReadonlySet<string>): boolean {
  return graph.neighbors(id).some((other) => !fresh.has(other));
}

function centreOf(
  graph: Graph,
  placed: (id: string) => Point | undefined,
  result: ReadonlyMap<string, Point>,
): Point {
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let any = false;
  graph.forEachNode((id) => {
    const p = result.get(id) ?? placed(id);
    if (!p) return;
    any = true;
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  });
  if (!any) return { x: 0, y: 0 };
  return { x: maxX + 50, y: (minY + maxY) / 2 };
}
