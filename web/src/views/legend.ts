/** The legend: the node types on the chart, with their colours and counts. */
import { nodeColour } from "../chart/style";
import { type ChartNode, TYPE_ORDER } from "../model";
import { h } from "./dom";

export function showLegend(root: HTMLElement, nodes: readonly ChartNode[]): void {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
  const rank = (t: string) => {
    const i = (TYPE_ORDER as readonly string[]).indexOf(t);
    return i < 0 ? TYPE_ORDER.length : i;
  };
  root.replaceChildren(
    ...[...counts]
      .sort((a, b) => rank(a[0]) - rank(b[0]))
      .map(([type, count]) => h("span", { class: "legend-item", "data-type": type }, h("span", { class: "swatch", style: `background:${nodeColour(type)}` }), `${type} ${count}`)),
  );
}
