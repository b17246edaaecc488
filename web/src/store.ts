/**
 * The one store: the chart's state, changed only by actions, with undo/redo. States are
 * immutable values (maps copied on write), so history is a list of states and every view
 * re-renders from the current one.
 */
import type { Point } from "./chart/placement";
import type { Cap, ChartEdge, ChartNode, Subgraph } from "./model";

export type LayoutName = "force" | "hierarchy" | "time";
export type Grouping = "none" | "operation" | "canonical";

export interface Filters {
  /** Relationship types not shown. */
  hiddenRelTypes: readonly string[];
  minConfidence: number;
  /** When not empty, only edges asserted by one of these sources. */
  sources: readonly string[];
  /** Show the chart as it was at this time (ISO), or everything. */
  asOf: string | null;
}

/** How the chart's content was obtained, replayed to reproduce a shared view. */
export type Step =
  | { op: "open"; id: string }
  | { op: "expand"; id: string }
  | { op: "collapse"; id: string }
  | { op: "attribution"; id: string }
  | { op: "paths"; from: string; to: string };

/** A relationship by its ends and type (how a highlight names edges across grouping). */
export type EdgeRef = Pick<ChartEdge, "source" | "type" | "target">;

export interface Highlight {
  label: string;
  nodes: readonly string[];
  edges: readonly EdgeRef[];
}

export interface ChartState {
  nodes: ReadonlyMap<string, ChartNode>;
  /** Keyed by source, type and target, so one relationship arriving twice is one edge. */
  edges: ReadonlyMap<string, ChartEdge>;
  caps: ReadonlyMap<string, Cap>;
  hidden: ReadonlySet<string>;
  pinned: ReadonlyMap<string, Point>;
  grouping: Grouping;
  layout: LayoutName;
  filters: Filters;
  steps: readonly Step[];
  selection: readonly string[];
  highlight: Highlight | null;
}

export const EMPTY_FILTERS: Filters = { hiddenRelTypes: [], minConfidence: 0, sources: [], asOf: null };

export function emptyState(): ChartState {
  return {
    nodes: new Map(),
    edges: new Map(),
    caps: new Map(),
    hidden: new Set(),
    pinned: new Map(),
    grouping: "none",
    layout: "force",
    filters: EMPTY_FILTERS,
    steps: [],
    selection: [],
    highlight: null,
  };
}

export function edgeKey(edge: Pick<ChartEdge, "source" | "type" | "target">): string {
  return `${edge.source}>${edge.type}>${edge.target}`;
}

/** `state` with `sub`'s nodes, edges and caps added (known ones updated), and `step` recorded. */
export function merged(state: ChartState, sub: Subgraph, step: Step | null): ChartState {
  const nodes = new Map(state.nodes);
  for (const node of sub.nodes) nodes.set(node.id, node);
  const edges = new Map(state.edges);
  for (const edge of sub.edges) {
    const key = edgeKey(edge);
    const known = edges.get(key);
    edges.set(key, known ? { ...edge, id: known.id } : edge);
  }
  const caps = new Map(state.caps);
  for (const cap of sub.caps) caps.set(cap.id, cap);
  const hidden = new Set(state.hidden);
  for (const node of sub.nodes) hidden.delete(node.id);
  return { ...state, nodes, edges, caps, hidden, steps: step ? [...state.steps, step] : state.steps };
}

/** Removes `id`'s leaf neighbours (linked to nothing else on the chart). */
export function collapsed(state: ChartState, id: string): ChartState {
  const degree = new Map<string, number>();
  for (const e of state.edges.values()) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const leaves = new Set<string>();
  for (const e of state.edges.values()) {
    const other = e.source === id ? e.target : e.target === id ? e.source : null;
    if (other !== null && other !== id && degree.get(other) === 1) leaves.add(other);
  }
  return { ...removed(state, leaves), caps: without(state.caps, id), steps: [...state.steps, { op: "collapse", id }] };
}

/** `state` without `ids` and their edges. */
export function removed(state: ChartState, ids: ReadonlySet<string>): ChartState {
  const nodes = new Map([...state.nodes].filter(([id]) => !ids.has(id)));
  const edges = new Map([...state.edges].filter(([, e]) => !ids.has(e.source) && !ids.has(e.target)));
  return { ...state, nodes, edges, selection: state.selection.filter((id) => !ids.has(id)) };
}

function without<V>(map: ReadonlyMap<string, V>, key: string): Map<string, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

type Listener = (state: ChartState, previous: ChartState) => void;

/** Holds the current state and its history; views subscribe and re-render. */
export class Store {
  private past: ChartState[] = [];
  private future: ChartState[] = [];
  private listeners = new Set<Listener>();

  constructor(
    private current: ChartState = emptyState(),
    private readonly historyLimit = 100,
  ) {}

  get state(): ChartState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A change that undo can take back (content, layout, filters, grouping). */
  commit(change: (state: ChartState) => ChartState): void {
    const next = change(this.current);
    if (next === this.current) return;
    this.past.push(this.current);
    if (this.past.length > this.historyLimit) this.past.shift();
    this.future = [];
    this.set(next);
  }

  /** A change undo skips (selection, highlight). */
  update(change: (state: ChartState) => ChartState): void {
    const next = change(this.current);
    if (next !== this.current) this.set(next);
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  undo(): void {
    const previous = this.past.pop();
    if (!previous) return;
    this.future.push(this.current);
    this.set(previous);
  }

  redo(): void {
    const next = this.future.pop();
    if (!next) return;
    this.past.push(this.current);
    this.set(next);
  }

  private set(next: ChartState): void {
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
  }
}
