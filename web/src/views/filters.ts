/**
 * Filters and time: relationship types, minimum confidence, source, and the time slider
 * ("as of": the chart as it was known then, from the first/last seen of its nodes and edges).
 */
import type { App } from "../app";
import type { ChartState } from "../store";
import { h, when } from "./dom";

const STEPS = 1000;

export class FiltersView {
  private readonly relTypes = h("div", { class: "rel-types" });
  private readonly confidence = h("input", { type: "range", id: "min-confidence", min: 0, max: 100, step: 5, value: 0 });
  private readonly confidenceLabel = h("span", {}, "0%");
  private readonly sources = h("select", { id: "source-filter" });
  private readonly slider = h("input", { type: "range", id: "time-slider", min: 0, max: STEPS, step: 1, value: STEPS });
  private readonly timeLabel = h("output", { id: "time-label" }, "all time");
  private span: [number, number] | null = null;

  constructor(
    root: HTMLElement,
    private readonly app: App,
  ) {
    root.append(
      h("label", { class: "time" }, "As of ", this.slider, this.timeLabel),
      h("label", {}, "Min confidence ", this.confidence, this.confidenceLabel),
      h("label", {}, "Source ", this.sources),
      this.relTypes,
    );
    this.confidence.addEventListener("input", () => app.setFilters({ minConfidence: Number(this.confidence.value) / 100 }, false));
    this.confidence.addEventListener("change", () => app.setFilters({ minConfidence: Number(this.confidence.value) / 100 }));
    this.slider.addEventListener("input", () => app.setFilters({ asOf: this.sliderTime() }, false));
    this.slider.addEventListener("change", () => app.setFilters({ asOf: this.sliderTime() }));
    this.sources.addEventListener("change", () => app.setFilters({ sources: this.sources.value ? [this.sources.value] : [] }));
  }

  show(state: ChartState): void {
    const { filters } = state;
    this.confidence.value = String(Math.round(filters.minConfidence * 100));
    this.confidenceLabel.textContent = `${Math.round(filters.minConfidence * 100)}%`;
    this.span = timeSpan(state);
    this.slider.disabled = this.span === null;
    if (this.span && filters.asOf) {
      const [min, max] = this.span;
      this.slider.value = String(Math.round(((Date.parse(filters.asOf) - min) / Math.max(1, max - min)) * STEPS));
    } else this.slider.value = String(STEPS);
    this.timeLabel.textContent = filters.asOf ? when(filters.asOf) : this.span ? `all time (${when(new Date(this.span[0]).toISOString())} … ${when(new Date(this.span[1]).toISOString())})` : "no dates on the chart";

    const types = new Set([...state.edges.values()].map((e) => e.type));
    this.relTypes.replaceChildren(
      ...[...types].sort().map((type) => {
        const box = h("input", { type: "checkbox", checked: !filters.hiddenRelTypes.includes(type), "data-rel-type": type });
        box.addEventListener("change", () => {
          const hidden = new Set(this.app.store.state.filters.hiddenRelTypes);
          if (box.checked) hidden.delete(type);
          else hidden.add(type);
          this.app.setFilters({ hiddenRelTypes: [...hidden] });
        });
        return h("label", { class: "rel-type" }, box, type);
      }),
    );
    const sources = new Set([...state.edges.values()].flatMap((e) => e.sources));
    const chosen = filters.sources[0] ?? "";
    this.sources.replaceChildren(
      h("option", { value: "" }, "any"),
      ...[...sources].sort().map((s) => h("option", { value: s, selected: s === chosen }, s.length > 24 ? `${s.slice(0, 24)}…` : s)),
    );
  }

  private sliderTime(): string | null {
    const position = Number(this.slider.value);
    if (!this.span || position >= STEPS) return null;
    const [min, max] = this.span;
    return new Date(min + ((max - min) * position) / STEPS).toISOString();
  }
}

/** Earliest first-seen to latest last-seen over the chart's nodes and edges. */
function timeSpan(state: ChartState): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  const see = (iso: string | null) => {
    if (!iso) return;
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return;
    min = Math.min(min, t);
    max = Math.max(max, t);
  };
  for (const n of state.nodes.values()) {
    see(n.firstSeen);
    see(n.lastSeen);
  }
  for (const e of state.edges.values()) {
    see(e.firstSeen);
    see(e.lastSeen);
  }
  return min <= max ? [min, max] : null;
}
