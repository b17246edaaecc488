/**
 * Ranked answers: attribution paths ("who is behind this account?") or found paths, best first.
 * Clicking an answer highlights it on the chart; clicking a hop shows its evidence.
 */
import type { App, Found } from "../app";
import { fill, h, percent, when } from "./dom";
import type { DetailsView } from "./details";

export class FoundView {
  constructor(
    private readonly root: HTMLElement,
    private readonly app: App,
    private readonly details: DetailsView,
  ) {}

  show(found: Found): void {
    if (found.kind === "attribution") this.attribution(found);
    else this.paths(found);
  }

  private attribution(found: Found): void {
    const caption = (id: string) => this.app.store.state.nodes.get(id)?.caption ?? id;
    fill(
      this.root,
      h("h2", {}, "Who is behind this account?"),
      found.attribution.length ? null : h("p", { class: "muted" }, "No attribution path."),
      h(
        "ol",
        { class: "ranked", id: "attribution-paths" },
        found.attribution.map((path) =>
          h(
            "li",
            { class: "path" },
            h(
              "button",
              { class: "path-summary", onclick: () => this.app.showAttribution(path) },
              h("strong", {}, percent(path.confidence)),
              ` ${path.operation.caption} → ${path.actor ? path.actor.caption : "actor unknown"}`,
              h("span", { class: "muted" }, ` (${path.combination}${path.inferred ? ", inferred" : ""})`),
            ),
            h(
              "ul",
              { class: "hops" },
              path.hops.map((hop) =>
                h(
                  "li",
                  {},
                  h(
                    "button",
                    { class: "hop", onclick: () => this.details.showEdge(hop.edge, hop.sources) },
                    `${caption(hop.edge.source)} —${hop.edge.type}${hop.edge.inferred ? " (inferred)" : ""}→ ${caption(hop.edge.target)}`,
                    h("span", { class: "hop-confidence" }, percent(hop.edge.confidence)),
                    h("span", { class: "muted" }, ` ${when(hop.edge.firstSeen)} … ${when(hop.edge.lastSeen)} · ${hop.sources.length} source${hop.sources.length === 1 ? "" : "s"}`),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
      h("button", { onclick: () => this.app.clearHighlight() }, "Clear highlight"),
    );
  }

  private paths(found: Found): void {
    fill(
      this.root,
      h("h2", {}, "Paths"),
      found.paths.length ? null : h("p", { class: "muted" }, "No path within 4 hops."),
      h(
        "ol",
        { class: "ranked" },
        found.paths.map((path, i) =>
          h(
            "li",
            {},
            h("button", { class: "path-summary", onclick: () => this.app.showPath(path, i + 1) }, `${path.edges.length} hops: ${path.nodes.map((n) => n.caption).join(" → ")}`),
            h("ul", { class: "hops" }, path.edges.map((edge) => h("li", {}, h("button", { class: "hop", onclick: () => this.details.showEdge(edge) }, `${edge.type} ${percent(edge.confidence)}`)))),
          ),
        ),
      ),
      h("button", { onclick: () => this.app.clearHighlight() }, "Clear highlight"),
    );
  }
}
