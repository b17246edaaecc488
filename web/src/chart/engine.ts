/**
 * The chart engine: maps the chart model to a graphology graph drawn by sigma.js (WebGL), and
 * sigma's events back to callbacks. Drawing, hit-testing and camera are the library's; this module
 * only decides attributes (colour by type, width by confidence, labels, highlight, dimming).
 *
 * Large charts use sigma's non-instanced point and line programs (measured in bench/ui.py: the
 * instanced defaults pan/zoom several times slower under software WebGL); small charts use the
 * circle and rectangle programs, whose edges can show width (confidence) and labels.
 */
import { toBlob } from "@sigma/export-image";
import Graph from "graphology";
import Sigma from "sigma";
import {
  EdgeLineProgram,
  EdgeRectangleProgram,
  NodeCircleProgram,
  NodePointProgram,
} from "sigma/rendering";
import type { EdgeDisplayData, NodeDisplayData } from "sigma/types";
import { type Cap, type ChartEdge, type ChartNode, moreLabel } from "../model";
import { placeNodes, type Point } from "./placement";
import {
  DIMMED_COLOUR,
  EDGE_COLOUR,
  EDGE_INFERRED_COLOUR,
  edgeWidth,
  HIGHLIGHT_COLOUR,
  nodeColour,
  nodeSize,
} from "./style";

/** Above this many edges the chart switches to the cheaper programs and hides edge labels. */
export const LARGE_CHART_EDGES = 2000;

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  kind: string;
  fixed: boolean;
  type: "fast" | "wide";
  /** First seen as epoch milliseconds (NaN when unknown), for the time layout. */
  firstSeenMs: number;
}

export interface EdgeAttributes {
  size: number;
  color: string;
  label: string;
  kind: string;
  weight: number;
  type: "fast" | "wide";
}

export type ChartGraph = Graph<NodeAttributes, EdgeAttributes>;

/** What the chart shows: nodes and edges after filters, with caps and pinned positions. */
export interface ChartView {
  nodes: readonly ChartNode[];
  edges: readonly ChartEdge[];
  caps: ReadonlyMap<string, Cap>;
  pinned: ReadonlyMap<string, Point>;
}

export interface ChartEvents {
  select(id: string | null, additive: boolean): void;
  expand(id: string): void;
  pin(id: string, position: Point): void;
}

export type ProgramChoice = "auto" | "fast" | "wide";

export class ChartEngine {
  readonly graph: ChartGraph = new Graph<NodeAttributes, EdgeAttributes>({
    multi: true,
    type: "directed",
  });
  readonly sigma: Sigma<NodeAttributes, EdgeAttributes>;
  private highlightNodes = new Set<string>();
  private highlightEdges = new Set<string>();
  private selected = new Set<string>();
  private dragged: string | null = null;
  private moved = false;
  private programs: ProgramChoice;

  constructor(container: HTMLElement, events: Partial<ChartEvents> = {}, programs: ProgramChoice = "auto") {
    this.programs = programs;
    this.sigma = new Sigma<NodeAttributes, EdgeAttributes>(this.graph, container, {
      nodeProgramClasses: { fast: NodePointProgram, wide: NodeCircleProgram },
      edgeProgramClasses: { fast: EdgeLineProgram, wide: EdgeRectangleProgram },
      defaultNodeType: "fast",
      defaultEdgeType: "fast",
      renderEdgeLabels: true,
      labelRenderedSizeThreshold: 7,
      zIndex: true,
      allowInvalidContainer: true,
      nodeReducer: (id, data) => this.reduceNode(id, data),
      edgeReducer: (id, data) => this.reduceEdge(id, data),
    });
    this.bindEvents(events);
    this.skipPickingWhileDragging();
  }

  /** Brings the graph in line with `view`; returns the ids of nodes that were not on it before. */
  sync(view: ChartView): string[] {
    const graph = this.graph;
    const wanted = new Set(view.nodes.map((n) => n.id));
    graph.forEachNode((id) => {
      if (!wanted.has(id)) graph.dropNode(id);
    });
    const wantedEdges = new Set(view.edges.map((e) => e.id));
    graph.forEachEdge((id) => {
      if (!wantedEdges.has(id)) graph.dropEdge(id);
    });
    const large = this.isLarge(view.edges.length);
    const nodeType = large ? "fast" : "wide";
    // Drawing 10,000 edges is most of a frame under software WebGL: large charts hide them while
    // the camera moves (sigma's hideEdgesOnMove) and draw them again when it stops.
    if (this.sigma.getSetting("hideEdgesOnMove") !== large) this.sigma.setSetting("hideEdgesOnMove", large);
    const added: string[] = [];
    for (const node of view.nodes) {
      const attributes = {
        size: nodeSize(node.type),
        color: nodeColour(node.type),
        label: nodeLabel(node, view.caps.get(node.id)),
        kind: node.type,
        fixed: view.pinned.has(node.id),
        type: nodeType,
        firstSeenMs: node.firstSeen ? Date.parse(node.firstSeen) : Number.NaN,
      } as const;
      const pin = view.pinned.get(node.id);
      if (graph.hasNode(node.id)) graph.mergeNodeAttributes(node.id, pin ? { ...attributes, ...pin } : attributes);
      else {
        graph.addNode(node.id, { ...attributes, x: 0, y: 0 });
        added.push(node.id);
      }
    }
    for (const edge of view.edges) {
      if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
      graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
        size: large ? 1 : edgeWidth(edge.confidence),
        color: edge.inferred ? EDGE_INFERRED_COLOUR : EDGE_COLOUR,
        label: edge.confidence === null ? edge.type : `${edge.type} ${edge.confidence.toFixed(2)}`,
        kind: edge.type,
        weight: edge.confidence ?? 0.5,
        type: large ? "fast" : "wide",
      });
    }
    if (!large) graph.forEachEdge((id) => graph.setEdgeAttribute(id, "type", "wide"));
    this.place(added, view.pinned);
    return added;
  }

  /** Nodes and edges to draw in the highlight colour (an attribution or a found path). */
  highlight(nodes: Iterable<string>, edges: Iterable<string>): void {
    this.highlightNodes = new Set(nodes);
    this.highlightEdges = new Set(edges);
    this.sigma.refresh({ skipIndexation: true });
  }

  /** The selected nodes, drawn with a halo. */
  select(ids: Iterable<string>): void {
    this.selected = new Set(ids);
    this.sigma.refresh({ skipIndexation: true });
  }

  position(id: string): Point | undefined {
    if (!this.graph.hasNode(id)) return undefined;
    const { x, y } = this.graph.getNodeAttributes(id);
    return { x, y };
  }

  /** Centres the camera on a node. */
  focus(id: string): void {
    const display = this.sigma.getNodeDisplayData(id);
    if (display) void this.sigma.getCamera().animate({ x: display.x, y: display.y }, { duration: 300 });
  }

  /** Fits the drawing to its container after the page's layout changed (e.g. the table opened). */
  resize(): void {
    this.sigma.resize();
    this.sigma.refresh();
  }

  /** Frames the whole chart. */
  frame(): void {
    void this.sigma.getCamera().animatedReset({ duration: 300 });
  }

  /** The chart as a PNG image (every layer, labels included, on white). */
  png(): Promise<Blob> {
    return toBlob(this.sigma as unknown as Sigma, { format: "png", backgroundColor: "#ffffff" });
  }

  kill(): void {
    this.sigma.kill();
  }

  private isLarge(edgeCount: number): boolean {
    if (this.programs === "fast") return true;
    if (this.programs === "wide") return false;
    return edgeCount > LARGE_CHART_EDGES;
  }

  private place(added: string[], pinned: ReadonlyMap<string, Point>): void {
    if (!added.length) return;
    const fresh = new Set(added);
    const positions = placeNodes(this.graph, added, (id) =>
      fresh.has(id) ? pinned.get(id) : this.position(id),
    );
    for (const id of added) {
      const p = pinned.get(id) ?? positions.get(id);
      if (p) this.graph.mergeNodeAttributes(id, { x: p.x, y: p.y });
    }
  }

  private reduceNode(id: string, data: NodeAttributes): Partial<NodeDisplayData> {
    const result: Partial<NodeDisplayData> = { ...data };
    const highlighting = this.highlightNodes.size > 0;
    if (highlighting && !this.highlightNodes.has(id)) {
      result.color = DIMMED_COLOUR;
      if (data.type === "fast") result.label = "";
      result.zIndex = 0;
    } else if (highlighting) {
      result.zIndex = 2;
      result.forceLabel = true;
    }
    if (this.selected.has(id)) {
      result.highlighted = true;
      result.forceLabel = true;
      result.zIndex = 3;
    }
    return result;
  }

  private reduceEdge(id: string, data: EdgeAttributes): Partial<EdgeDisplayData> {
    const result: Partial<EdgeDisplayData> = { ...data };
    const [source, target] = this.graph.extremities(id);
    const touchesFocus = this.selected.has(source) || this.selected.has(target);
    const highlighting = this.highlightEdges.size > 0 || this.highlightNodes.size > 0;
    if (this.highlightEdges.has(id)) {
      result.color = HIGHLIGHT_COLOUR;
      result.zIndex = 2;
      result.forceLabel = true;
    } else if (highlighting) {
      result.color = DIMMED_COLOUR;
      result.label = "";
    } else if (touchesFocus) {
      result.forceLabel = true;
    }
    // Labels of every edge only while the chart is small; otherwise around the focus.
    if (data.type === "fast" && !result.forceLabel) result.label = "";
    return result;
  }

  /**
   * Sigma finds the node under the pointer on every mouse move by reading a pixel back from the
   * GPU, which waits for the frame in flight; while the stage is dragged nothing is hovered, so
   * that read-back only stalls panning (measured: the main cost of a pan frame under software
   * WebGL). Clicks and hovering still pick as before.
   */
  private skipPickingWhileDragging(): void {
    const sigma = this.sigma as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null };
    const captor = this.sigma.getMouseCaptor() as unknown as { isMouseDown: boolean; draggedEvents: number };
    const pick = sigma.getNodeAtPosition.bind(sigma);
    sigma.getNodeAtPosition = (position) =>
      captor.isMouseDown && captor.draggedEvents > 0 && !this.dragged ? null : pick(position);
  }

  private bindEvents(events: Partial<ChartEvents>): void {
    const sigma = this.sigma;
    sigma.on("clickNode", ({ node, event }) => {
      events.select?.(node, event.original.shiftKey || event.original.ctrlKey || event.original.metaKey);
    });
    sigma.on("clickStage", () => events.select?.(null, false));
    sigma.on("doubleClickNode", ({ node, event }) => {
      event.preventSigmaDefault();
      events.expand?.(node);
    });
    // Dragging a node moves and pins it (a pinned node stays where the analyst put it).
    sigma.on("downNode", ({ node }) => {
      this.dragged = node;
      this.moved = false;
    });
    sigma.getMouseCaptor().on("mousemovebody", (event) => {
      if (!this.dragged) return;
      const p = sigma.viewportToGraph(event);
      this.moved = true;
      this.graph.mergeNodeAttributes(this.dragged, { x: p.x, y: p.y, fixed: true });
      event.preventSigmaDefault();
      event.original.preventDefault();
      event.original.stopPropagation();
    });
    sigma.getMouseCaptor().on("mouseup", () => {
      if (!this.dragged) return;
      const id = this.dragged;
      this.dragged = null;
      const p = this.position(id);
      if (p && this.moved) events.pin?.(id, p);
    });
  }
}

function nodeLabel(node: ChartNode, cap: Cap | undefined): string {
  const more = moreLabel(cap);
  return more ? `${node.caption} (${more})` : node.caption;
}
