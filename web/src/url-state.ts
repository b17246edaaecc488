/**
 * The shareable URL: the view as a compact fragment (#view=…) that another analyst's browser
 * replays against the API with their own key. It holds how the chart was built (steps), what is
 * hidden or pinned, filters, grouping, layout and selection; never the API key, never data.
 */
import type { Point } from "./chart/placement";
import { type ChartState, EMPTY_FILTERS, type Filters, type Grouping, type LayoutName, type Step } from "./store";

export interface SharedView {
  v: 1;
  steps: Step[];
  hidden: string[];
  pinned: [string, Point][];
  filters: Filters;
  grouping: Grouping;
  layout: LayoutName;
  selection: string[];
}

export function sharedView(state: ChartState): SharedView {
  return {
    v: 1,
    steps: [...state.steps],
    hidden: [...state.hidden],
    pinned: [...state.pinned].map(([id, p]) => [id, { x: Math.round(p.x), y: Math.round(p.y) }]),
    filters: state.filters,
    grouping: state.grouping,
    layout: state.layout,
    selection: [...state.selection],
  };
}

export function encodeView(view: SharedView): string {
  const bytes = new TextEncoder().encode(JSON.stringify(view));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `view=${btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** The view in a URL fragment, or null when there is none; throws on a damaged one. */
export function decodeView(fragment: string): SharedView | null {
  const match = /(?:^#?|&)view=([A-Za-z0-9_-]+)/.exec(fragment);
  if (!match?.[1]) return null;
  const base64 = match[1].replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<SharedView>;
  if (parsed.v !== 1 || !Array.isArray(parsed.steps)) throw new Error("not a graph_platform chart view (v1)");
  return {
    v: 1,
    steps: parsed.steps,
    hidden: parsed.hidden ?? [],
    pinned: parsed.pinned ?? [],
    filters: { ...EMPTY_FILTERS, ...parsed.filters },
    grouping: parsed.grouping ?? "none",
    layout: parsed.layout ?? "force",
    selection: parsed.selection ?? [],
  };
}

export function shareUrl(location: { origin: string; pathname: string }, view: SharedView): string {
  return `${location.origin}${location.pathname}#${encodeView(view)}`;
}
