/** The chart as tables, nodes and edges, sortable by any column and copyable as TSV. */
import type { ChartEdge, ChartNode } from "../model";
import { h, percent, when } from "./dom";

type Row = string[];

interface Table {
  title: string;
  columns: string[];
  rows: Row[];
}

export class TableView {
  private sort = new Map<string, { column: number; descending: boolean }>();

  constructor(
    private readonly root: HTMLElement,
    private readonly onRow: (kind: "node" | "edge", index: number) => void,
  ) {}

  show(nodes: readonly ChartNode[], edges: readonly ChartEdge[]): void {
    const caption = new Map(nodes.map((n) => [n.id, n.caption]));
    const tables: Table[] = [
      {
        title: "Nodes",
        columns: ["type", "caption", "first seen", "last seen", "sources", "id"],
        rows: nodes.map((n) => [n.type, n.caption, when(n.firstSeen), when(n.lastSeen), String(n.sources.length), n.id]),
      },
      {
        title: "Edges",
        columns: ["type", "source", "target", "confidence", "first seen", "last seen", "sources"],
        rows: edges.map((e) => [e.type, caption.get(e.source) ?? e.source, caption.get(e.target) ?? e.target, percent(e.confidence), when(e.firstSeen), when(e.lastSeen), String(e.sources.length)]),
      },
    ];
    this.root.replaceChildren(...tables.map((t) => this.table(t)));
  }

  private table(table: Table): HTMLElement {
    const order = table.rows.map((_, i) => i);
    const sort = this.sort.get(table.title);
    if (sort) {
      const collator = new Intl.Collator(undefined, { numeric: true });
      order.sort((a, b) => {
        const cmp = collator.compare(table.rows[a]?.[sort.column] ?? "", table.rows[b]?.[sort.column] ?? "");
        return sort.descending ? -cmp : cmp;
      });
    }
    const tsv = [table.columns, ...order.map((i) => table.rows[i] ?? [])].map((r) => r.join("\t")).join("\n");
    const kind = table.title === "Nodes" ? "node" : "edge";
    return h(
      "section",
      { class: "data-table" },
      h(
        "h3",
        {},
        `${table.title} (${table.rows.length}) `,
        h("button", { class: "copy", onclick: () => void navigator.clipboard?.writeText(tsv) }, "Copy as TSV"),
      ),
      h(
        "table",
        { "data-table": table.title.toLowerCase() },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            table.columns.map((name, column) =>
              h(
                "th",
                {
                  class: sort?.column === column ? (sort.descending ? "sorted desc" : "sorted") : "",
                  onclick: () => {
                    const descending = sort?.column === column && !sort.descending;
                    this.sort.set(table.title, { column, descending });
                    const section = this.root.querySelector(`[data-table="${table.title.toLowerCase()}"]`)?.closest("section");
                    section?.replaceWith(this.table(table));
                  },
                },
                name,
              ),
            ),
          ),
        ),
        h("tbody", {}, order.map((i) => h("tr", { onclick: () => this.onRow(kind, i) }, (table.rows[i] ?? []).map((cell) => h("td", {}, cell))))),
      ),
    );
  }
}
