/**
 * The controller: analyst actions become API calls and store changes; every state change is
 * drawn by the chart engine and the views. The only module that knows all the others.
 */
import type { AttributionPath, GraphApi } from "./api/graph-api";
import { ChartEngine } from "./chart/engine";
import { LayoutRunner } from "./chart/layout";
import type { Point } from "./chart/placement";
import type { ChartNode, Subgraph } from "./model";
import {
  type ChartState,
  collapsed,
  type EdgeRef,
  type Filters,
  type Grouping,
  type LayoutName,
  merged,
  removed,
  type Step,
  Store,
} from "./store";
import { decodeView, type SharedView, sharedView, shareUrl } from "./url-state";
import { type DerivedView, deriveView } from "./view";
import type { StatusLine } from "./views/status";

/** Nodes one expansion asks for at most (besides the per-node cap the API applies). */
export const EXPAND_LIMIT = 300;

export interface Found {
  kind: "attribution" | "paths";
  attribution: AttributionPath[];
  paths: Subgraph[];
}

export class App {
  readonly store = new Store();
  readonly engine: ChartEngine;
  readonly layout: LayoutRunner;
  view: DerivedView = deriveView(this.store.state);
  /** The last attribution or path search, for the side panel. */
  found: Found | null = null;
  onFound: ((found: Found) => void) | null = null;

  constructor(
    container: HTMLElement,
    readonly api: GraphApi,
    readonly status: StatusLine,
  ) {
    this.engine = new ChartEngine(container, {
      select: (id, additive) => this.select(id, additive),
      expand: (id) => void this.expand(id),
      pin: (id, p) => this.pin(id, p),
    });
    this.layout = new LayoutRunner(this.engine.graph, this.engine.sigma);
    this.store.subscribe((state, previous) => this.draw(state, previous));
  }

  /** Opens a node on the chart (from search or a shared view). */
  async open(node: ChartNode | string): Promise<void> {
    const entity = typeof node === "string" ? await this.api.entity(node) : node;
    if (!entity) {
      this.status.info(`No entity ${String(node)} (it may have been removed, or your key may not see it)`);
      return;
    }
    this.store.commit((s) => ({ ...merged(s, { nodes: [entity], edges: [], caps: [] }, { op: "open", id: entity.id }), selection: [entity.id] }));
    this.engine.focus(entity.id);
    this.status.info(`Opened ${entity.caption}. Double-click a node to expand it.`);
  }

  /** Adds a node's neighbours (the API caps them per node: "+N more"). */
  async expand(id: string): Promise<void> {
    const realIds = this.view.members.get(id) ?? [id];
    const { filters } = this.store.state;
    try {
      const sub = await this.api.neighbourhood(realIds, {
        // The API prices a request by what it may return (nodes x fields selected); 300 nodes
        // with every property stays inside its default cost limit (50,000) where 2,000 did not.
        limit: EXPAND_LIMIT,
        asOf: filters.asOf ?? undefined,
        minConfidence: filters.minConfidence || undefined,
      });
      this.store.commit((s) => merged(s, sub, { op: "expand", id }));
      this.engine.frame();
      const more = sub.caps.reduce((n, c) => n + Math.max(0, c.total - c.shown), 0);
      this.status.info(`Expanded: ${sub.nodes.length} nodes, ${sub.edges.length} edges${more ? `, ${more} more not shown (caps)` : ""}${sub.truncated ? "; truncated at the limit" : ""}.`);
    } catch (error) {
      this.status.error(error, "Expand");
    }
  }

  collapse(id: string): void {
    this.store.commit((s) => collapsed(s, id));
  }

  hide(ids: readonly string[]): void {
    if (!ids.length) return;
    this.store.commit((s) => ({ ...s, hidden: new Set([...s.hidden, ...ids]), selection: [] }));
  }

  showHidden(): void {
    this.store.commit((s) => (s.hidden.size ? { ...s, hidden: new Set() } : s));
  }

  remove(ids: readonly string[]): void {
    this.store.commit((s) => removed(s, new Set(ids)));
  }

  pin(id: string, position: Point): void {
    this.store.commit((s) => ({ ...s, pinned: new Map(s.pinned).set(id, position) }));
  }

  unpin(ids: readonly string[]): void {
    this.store.commit((s) => {
      const pinned = new Map(s.pinned);
      for (const id of ids) pinned.delete(id);
      return { ...s, pinned };
    });
  }

  select(id: string | null, additive = false): void {
    this.store.update((s) => {
      if (id === null) return { ...s, selection: [] };
      if (!additive) return { ...s, selection: [id] };
      return { ...s, selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] };
    });
  }

  setLayout(layout: LayoutName): void {
    this.store.commit((s) => ({ ...s, layout }));
    this.runLayout();
  }

  setGrouping(grouping: Grouping): void {
    this.store.commit((s) => ({ ...s, grouping }));
  }

  /** Filters change live (slider drags) without filling the undo history. */
  setFilters(change: Partial<Filters>, undoable = true): void {
    const apply = (s: ChartState): ChartState => ({ ...s, filters: { ...s.filters, ...change } });
    if (undoable) this.store.commit(apply);
    else this.store.update(apply);
  }

  highlight(label: string, nodes: readonly string[], edges: readonly EdgeRef[]): void {
    this.store.update((s) => ({ ...s, highlight: { label, nodes, edges } }));
  }

  clearHighlight(): void {
    this.store.update((s) => ({ ...s, highlight: null }));
  }

  /** "Who is behind this account?": ranked attribution paths on the chart, the best highlighted. */
  async attribution(accountId: string): Promise<void> {
    try {
      const paths = await this.api.attribution(accountId);
      this.found = { kind: "attribution", attribution: paths, paths: [] };
      if (!paths.length) {
        this.status.info("No attribution path for this account.");
        this.onFound?.(this.found);
        return;
      }
      const nodes = paths.flatMap((p) => [p.account, p.operation, ...(p.actor ? [p.actor] : []), ...(p.via ? [p.via] : [])]);
      const edges = paths.flatMap((p) => p.hops.map((h) => h.edge));
      this.store.commit((s) => ({ ...merged(s, { nodes, edges, caps: [] }, { op: "attribution", id: accountId }), layout: "hierarchy" }));
      this.runLayout();
      this.showAttribution(paths[0] as AttributionPath);
      this.status.info(`${paths.length} attribution path${paths.length > 1 ? "s" : ""}, best ${Math.round((paths[0]?.confidence ?? 0) * 100)}%.`);
      this.onFound?.(this.found);
    } catch (error) {
      this.status.error(error, "Who is behind this account");
    }
  }

  showAttribution(path: AttributionPath): void {
    const nodes = [...new Set(path.hops.flatMap((h) => [h.edge.source, h.edge.target]))];
    this.highlight(`Attribution #${path.rank}`, nodes, path.hops.map((h) => h.edge));
  }

  /** Shortest paths between two selected nodes. */
  async findPaths(from: string, to: string): Promise<void> {
    try {
      const paths = await this.api.paths(from, to);
      this.found = { kind: "paths", attribution: [], paths };
      if (!paths.length) this.status.info("No path within 4 hops.");
      else {
        const all: Subgraph = { nodes: paths.flatMap((p) => p.nodes), edges: paths.flatMap((p) => p.edges), caps: [] };
        this.store.commit((s) => merged(s, all, { op: "paths", from, to }));
        this.showPath(paths[0] as Subgraph, 1);
        this.status.info(`${paths.length} path${paths.length > 1 ? "s" : ""}, shortest ${paths[0]?.edges.length} hops.`);
      }
      this.onFound?.(this.found);
    } catch (error) {
      this.status.error(error, "Find paths");
    }
  }

  showPath(path: Subgraph, rank: number): void {
    this.highlight(`Path #${rank}`, path.nodes.map((n) => n.id), path.edges);
  }

  /** The URL that reproduces this view (no key in it). */
  shareLink(): string {
    return shareUrl(window.location, sharedView(this.store.state));
  }

  /** Rebuilds a shared view by replaying its steps against the API with this user's key. */
  async replay(fragment: string): Promise<boolean> {
    let view: SharedView | null;
    try {
      view = decodeView(fragment);
    } catch (error) {
      this.status.error(error, "Shared link");
      return false;
    }
    if (!view) return false;
    for (const step of view.steps) await this.replayStep(step);
    this.store.commit((s) => ({
      ...s,
      hidden: new Set(view.hidden),
      pinned: new Map(view.pinned),
      filters: view.filters,
      grouping: view.grouping,
      layout: view.layout,
      steps: view.steps,
    }));
    this.store.update((s) => ({ ...s, selection: view.selection.filter((id) => s.nodes.has(id)) }));
    this.runLayout();
    this.status.info(`Shared view restored (${view.steps.length} steps).`);
    return true;
  }

  private async replayStep(step: Step): Promise<void> {
    if (step.op === "open") await this.open(step.id);
    else if (step.op === "expand") await this.expand(step.id);
    else if (step.op === "collapse") this.collapse(step.id);
    else if (step.op === "attribution") await this.attribution(step.id);
    else await this.findPaths(step.from, step.to);
  }

  /** The chart's edge for a relationship, through grouping (a member's edge is its group's). */
  edgeIdOf(edge: EdgeRef, groupOf: ReadonlyMap<string, string> = this.groupOf()): string | null {
    const source = groupOf.get(edge.source) ?? edge.source;
    const target = groupOf.get(edge.target) ?? edge.target;
    for (const e of this.view.edges) if (e.source === source && e.target === target && e.type === edge.type) return e.id;
    return null;
  }

  /** Member id → the id of the chart node that stands for it. */
  private groupOf(): Map<string, string> {
    const groupOf = new Map<string, string>();
    for (const [id, members] of this.view.members) for (const member of members) groupOf.set(member, id);
    return groupOf;
  }

  runLayout(): void {
    const layout = this.store.state.layout;
    if (layout === "hierarchy") this.layout.hierarchy();
    else if (layout === "time") this.layout.time();
    else this.layout.force();
  }

  private draw(state: ChartState, previous: ChartState): void {
    this.view = deriveView(state);
    const added = this.engine.sync({ ...this.view, pinned: state.pinned });
    if (added.length && state.layout === "force") this.layout.force();
    else if (added.length || state.grouping !== previous.grouping) this.runLayout();
    const groupOf = this.groupOf();
    this.engine.select(state.selection.map((id) => groupOf.get(id) ?? id));
    const edges = (state.highlight?.edges ?? []).map((e) => this.edgeIdOf(e, groupOf));
    this.engine.highlight(
      (state.highlight?.nodes ?? []).map((id) => groupOf.get(id) ?? id),
      edges.filter((id): id is string => id !== null),
    );
  }
}
