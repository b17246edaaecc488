/**
 * Browser half of bench/ui.py: times the chart engine (sigma.js + graphology, progressive layout)
 * and cytoscape.js on the same API-shaped answers, served from 127.0.0.1 by the Python half.
 * Every function returns milliseconds measured with performance.now() in the page.
 */
import cytoscape from "cytoscape";
import Graph from "graphology";
import { toSubgraph, type SubgraphFields } from "../src/api/convert";
import { ChartEngine, type ProgramChoice } from "../src/chart/engine";
import { LayoutRunner } from "../src/chart/layout";
import { placeNodes } from "../src/chart/placement";
import { edgeWidth, nodeColour, nodeSize } from "../src/chart/style";
import type { Cap, ChartEdge, ChartNode, Subgraph } from "../src/model";

const container = document.getElementById("chart") as HTMLElement;
const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
/** Two animation frames: the first after our work, the second after it was presented. */
const presented = async (): Promise<void> => {
  await frame();
  await frame();
};

async function fetchSubgraph(url: string): Promise<Subgraph> {
  const answer = (await (await fetch(url)).json()) as { data: { neighbourhood: SubgraphFields } };
  return toSubgraph(answer.data.neighbourhood);
}

function view(nodes: ChartNode[], edges: ChartEdge[], caps: Cap[] = []) {
  return { nodes, edges, caps: new Map(caps.map((c) => [c.id, c])), pinned: new Map() };
}

let engine: ChartEngine | null = null;
let layout: LayoutRunner | null = null;
let current: Subgraph | null = null;

/** Request → first frame → a zoom answered by a new frame (interactive); then the worker layout. */
async function sigmaOpen(url: string, programs: ProgramChoice) {
  const t0 = performance.now();
  current = await fetchSubgraph(url);
  const tFetched = performance.now();
  engine = new ChartEngine(container, {}, programs);
  engine.sync(view(current.nodes, current.edges, current.caps));
  engine.sigma.refresh();
  await presented();
  const tFirstFrame = performance.now();
  const answered = new Promise<void>((resolve) => engine?.sigma.once("afterRender", () => resolve()));
  engine.sigma.getCamera().setState({ ratio: 0.8 });
  await answered;
  await frame();
  const tInteractive = performance.now();
  layout = new LayoutRunner(engine.graph, engine.sigma);
  return {
    fetchMs: tFetched - t0,
    firstFrameMs: tFirstFrame - t0,
    interactiveMs: tInteractive - t0,
    nodes: engine.graph.order,
    edges: engine.graph.size,
  };
}

/** Runs the worker layout for `ms` and counts the position updates it delivered. */
async function sigmaRefine(ms: number) {
  if (!engine || !layout) throw new Error("open first");
  let updates = 0;
  const count = () => updates++;
  engine.graph.on("eachNodeAttributesUpdated", count);
  layout.force(ms);
  await new Promise((resolve) => setTimeout(resolve, ms + 50));
  engine.graph.off("eachNodeAttributesUpdated", count);
  return { layoutUpdates: updates, perSecond: (updates * 1000) / ms };
}

/** Starts (or stops, with 0) the worker layout, for pan/zoom while it refines. */
function sigmaLayout(ms: number): void {
  if (!layout) throw new Error("open first");
  if (ms > 0) layout.force(ms);
  else layout.stop();
}

/** Expands `ids` one after another: request → merge → place → the frame that shows them. */
async function sigmaExpand(urlFor: (id: string) => string, ids: string[]) {
  if (!engine || !layout || !current) throw new Error("open first");
  const times: number[] = [];
  let added = 0;
  for (const id of ids) {
    const t0 = performance.now();
    const more: Subgraph = await fetchSubgraph(urlFor(id));
    const before: Subgraph = current;
    const known = new Set<string>(before.nodes.map((n) => n.id));
    const knownEdges = new Set<string>(before.edges.map((e) => e.id));
    const after: Subgraph = {
      nodes: [...before.nodes, ...more.nodes.filter((n) => !known.has(n.id))],
      edges: [...before.edges, ...more.edges.filter((e) => !knownEdges.has(e.id))],
      caps: [...before.caps, ...more.caps],
    };
    current = after;
    added += engine.sync(view(after.nodes, after.edges, after.caps)).length;
    layout.force(1500);
    await presented();
    times.push(performance.now() - t0);
    layout.stop();
  }
  return { ...summarise(times), added };
}

function cyElements(sub: Subgraph) {
  // The same cheap first positions as the sigma chart, so both start from one picture.
  const graph = new Graph({ multi: true, type: "directed" });
  for (const n of sub.nodes) graph.addNode(n.id);
  for (const e of sub.edges) graph.addDirectedEdgeWithKey(e.id, e.source, e.target);
  const positions = placeNodes(graph, graph.nodes(), () => undefined);
  return [
    ...sub.nodes.map((n) => ({
      group: "nodes" as const,
      data: { id: n.id, label: n.caption, colour: nodeColour(n.type), size: nodeSize(n.type) * 2 },
      position: positions.get(n.id) ?? { x: 0, y: 0 },
    })),
    ...sub.edges.map((e) => ({
      group: "edges" as const,
      data: { id: e.id, source: e.source, target: e.target, label: e.type, width: edgeWidth(e.confidence) },
    })),
  ];
}

const CY_STYLE = [
  { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)", label: "data(label)", "font-size": 6, "min-zoomed-font-size": 8 } },
  { selector: "edge", style: { width: "data(width)", "line-color": "#b9c0cc", label: "data(label)", "font-size": 5, "min-zoomed-font-size": 10 } },
];

let cy: cytoscape.Core | null = null;

/** Cytoscape with the same first positions (no layout): request → first frame → zoom answered. */
async function cytoscapeOpen(url: string) {
  const t0 = performance.now();
  const sub = await fetchSubgraph(url);
  const tFetched = performance.now();
  cy = cytoscape({ container, elements: cyElements(sub), style: CY_STYLE as never, layout: { name: "preset" } });
  await presented();
  const tFirstFrame = performance.now();
  cy.zoom(cy.zoom() * 1.25);
  await presented();
  return { fetchMs: tFetched - t0, firstFrameMs: tFirstFrame - t0, interactiveMs: performance.now() - t0 };
}

/**
 * cose on the open chart: `iterations` steps run for real (synchronously, as cose does without
 * animation). cose ends when its temperature (initialTemp × coolingFactor^i) drops below minTemp.
 */
async function cytoscapeCose(iterations: number) {
  if (!cy) throw new Error("open first");
  const core = cy;
  const run = (numIter: number): number => {
    const t0 = performance.now();
    core.layout({ name: "cose", animate: false, fit: false, randomize: false, numIter } as cytoscape.LayoutOptions).run();
    return performance.now() - t0;
  };
  const one = run(1);
  const many = run(iterations);
  const perIteration = (many - one) / (iterations - 1);
  const defaults = { initialTemp: 1000, coolingFactor: 0.99, minTemp: 1.0, numIter: 1000 };
  const toEnd = Math.min(
    defaults.numIter,
    Math.ceil(Math.log(defaults.minTemp / defaults.initialTemp) / Math.log(defaults.coolingFactor)),
  );
  return { oneIterationRunMs: one, manyIterationRunMs: many, iterations, perIterationMs: perIteration, iterationsToEnd: toEnd, projectedToEndMs: one + perIteration * (toEnd - 1) };
}

function summarise(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: times.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

let recording: number[] | null = null;

/** Starts collecting requestAnimationFrame intervals (while Playwright drives the mouse). */
function recordFrames(): void {
  const times: number[] = [];
  recording = times;
  let last = performance.now();
  const tick = (now: number): void => {
    if (recording !== times) return;
    times.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stopFrames() {
  const times = recording ?? [];
  recording = null;
  return summarise(times.slice(1));
}

/** Synchronous cost of one render (camera moved), GPU work included via gl.finish(). */
function renderCost(frames: number) {
  if (!engine) throw new Error("open first");
  const sigma = engine.sigma;
  const contexts = Object.values(sigma.getCanvases())
    .map((c) => c.getContext("webgl2"))
    .filter((gl): gl is WebGL2RenderingContext => gl !== null);
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    sigma.getCamera().setState({ x: 0.5 + 0.1 * Math.sin(i), ratio: 0.7 + 0.2 * Math.cos(i) });
    const t0 = performance.now();
    (sigma as unknown as { render(): void }).render();
    for (const gl of contexts) gl.finish();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

function sigmaSetting(name: string, value: unknown): void {
  engine?.sigma.setSetting(name as never, value as never);
}

async function webgl() {
  const gl = document.createElement("canvas").getContext("webgl2");
  const info = gl?.getExtension("WEBGL_debug_renderer_info");
  return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "none";
}

Object.assign(window, {
  gpBench: { sigmaOpen, sigmaRefine, sigmaLayout, sigmaExpand, cytoscapeOpen, cytoscapeCose, webgl, recordFrames, stopFrames, sigmaSetting, renderCost },
});
