/**
 * Layouts. Force: ForceAtlas2 in a web worker (graphology-layout-forceatlas2/worker), so the chart
 * stays interactive while positions refine; it stops by itself after a time budget that grows with
 * the chart. Hierarchy: layers from the attribution chain (account, operation, actor). Time: first
 * seen along x, one lane per type along y. Pinned nodes (`fixed`) never move.
 */
import { animateNodes } from "sigma/utils";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type Sigma from "sigma";
import type { ChartGraph, EdgeAttributes, NodeAttributes } from "./engine";
import { TYPE_ORDER } from "../model";

export type LayoutName = "force" | "hierarchy" | "time";

/** Rank of each type in the hierarchy layout: who is behind what, top to bottom. */
const HIERARCHY_RANK: Record<string, number> = {
  Post: 0,
  Hashtag: 0,
  Url: 0,
  Domain: 0,
  Account: 1,
  Group: 1,
  InfluenceOperation: 2,
  Narrative: 2,
  Technique: 2,
  ResolvedEntity: 3,
  Person: 4,
  Organisation: 4,
  Location: 4,
  Source: 5,
};

export class LayoutRunner {
  private fa2: FA2Layout | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;
  onStop: (() => void) | null = null;

  constructor(
    private readonly graph: ChartGraph,
    private readonly sigma: Sigma<NodeAttributes, EdgeAttributes>,
  ) {}

  get running(): boolean {
    return this.fa2?.isRunning() ?? false;
  }

  /** Refines positions with ForceAtlas2 in a worker for `budgetMs` (default: by chart size). */
  force(budgetMs?: number): void {
    this.stop();
    if (this.graph.order < 2) return;
    if (!this.fa2) {
      const settings = forceAtlas2.inferSettings(this.graph);
      this.fa2 = new FA2Layout(this.graph, {
        settings: { ...settings, barnesHutOptimize: this.graph.order > 500, slowDown: 2 },
        getEdgeWeight: "weight",
      });
    }
    this.fa2.start();
    const budget = budgetMs ?? Math.min(8000, 1500 + this.graph.order);
    this.stopTimer = setTimeout(() => this.stop(), budget);
  }

  /** Layers by type rank; within a layer, ordered by the mean x of linked nodes above it. */
  hierarchy(): void {
    this.stop();
    const layers = new Map<number, string[]>();
    this.graph.forEachNode((id, attrs) => {
      const rank = HIERARCHY_RANK[attrs.kind] ?? 3;
      const layer = layers.get(rank) ?? [];
      layer.push(id);
      layers.set(rank, layer);
    });
    const target: Record<string, { x: number; y: number }> = {};
    const ranks = [...layers.keys()].sort((a, b) => a - b);
    const xOf = (id: string): number => target[id]?.x ?? this.graph.getNodeAttribute(id, "x");
    ranks.forEach((rank, level) => {
      const layer = layers.get(rank) ?? [];
      const key = (id: string): number => {
        const placed = this.graph.neighbors(id).filter((n) => target[n] !== undefined);
        return placed.length ? placed.reduce((sum, n) => sum + xOf(n), 0) / placed.length : xOf(id);
      };
      const keyed = layer.map((id) => [id, key(id)] as const).sort((a, b) => a[1] - b[1]);
      const width = Math.max(1, keyed.length - 1);
      keyed.forEach(([id], i) => {
        target[id] = { x: (i - width / 2) * 30, y: -level * 150 };
      });
    });
    this.animateTo(target);
  }

  /** First seen along x (undated nodes in a column on the left), one lane per type along y. */
  time(): void {
    this.stop();
    const times: number[] = [];
    this.graph.forEachNode((id) => {
      const t = this.firstSeen(id);
      if (t !== null) times.push(t);
    });
    const min = Math.min(...times);
    const max = Math.max(...times);
    const span = max > min ? max - min : 1;
    const lanes = new Map<string, number>();
    const kinds = new Set<string>();
    this.graph.forEachNode((_, attrs) => kinds.add(attrs.kind));
    const ordered = [...kinds].sort((a, b) => typeRank(a) - typeRank(b));
    ordered.forEach((kind, i) => lanes.set(kind, i));
    const counters = new Map<string, number>();
    const target: Record<string, { x: number; y: number }> = {};
    this.graph.forEachNode((id, attrs) => {
      const t = this.firstSeen(id);
      const n = (counters.get(attrs.kind) ?? 0) + 1;
      counters.set(attrs.kind, n);
      const lane = lanes.get(attrs.kind) ?? 0;
      target[id] = {
        x: t === null ? -120 : ((t - min) / span) * 1000,
        y: -lane * 100 + ((n * 37) % 60) - 30,
      };
    });
    this.animateTo(target);
  }

  stop(): void {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = null;
    if (this.fa2?.isRunning()) {
      this.fa2.stop();
      this.onStop?.();
    }
  }

  kill(): void {
    this.stop();
    this.fa2?.kill();
    this.fa2 = null;
  }

  private firstSeen(id: string): number | null {
    const value = this.graph.getNodeAttribute(id, "firstSeenMs");
    return Number.isNaN(value) ? null : value;
  }

  private animateTo(target: Record<string, { x: number; y: number }>): void {
    for (const id of Object.keys(target)) {
      if (this.graph.getNodeAttribute(id, "fixed")) delete target[id];
    }
    // Then the camera frames the whole chart (a layout change moves everything).
    animateNodes(this.graph, target, { duration: 400 }, () => {
      this.sigma.refresh();
      void this.sigma.getCamera().animatedReset({ duration: 300 });
    });
  }
}

function typeRank(kind: string): number {
  const i = (TYPE_ORDER as readonly string[]).indexOf(kind);
  return i < 0 ? TYPE_ORDER.length : i;
}
