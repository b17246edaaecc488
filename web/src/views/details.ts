/**
 * The details panel: every property of the selected node with its sources and origins, claims and
 * marking where the API gives them, and for a canonical entity its members, scores and the
 * features that explain them, with confirm / reject / split / unmerge for keys allowed to review.
 */
import { ApiError } from "../api/client";
import type { Canonical, GraphApi, Hop, SourceFields, SourceInfo } from "../api/graph-api";
import { nodeColour } from "../chart/style";
import { type ChartEdge, type ChartNode, moreLabel, type PropertyValue } from "../model";
import type { App } from "../app";
import { fill, h, percent, when } from "./dom";

export class DetailsView {
  /** Whether the key may record decisions: the API's `me.mayDecide`, and false once the server
   * refused a review action to this key. */
  mayReview = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: App,
    private readonly api: GraphApi,
  ) {}

  showNode(node: ChartNode | undefined): void {
    if (!node) {
      fill(this.root, h("p", { class: "muted" }, "Select a node to see its details. Shift-click a second node to find paths between them."));
      return;
    }
    const cap = this.app.store.state.caps.get(node.id);
    const props = Object.entries(node.properties).filter(([, v]) => v !== null && v !== "");
    fill(
      this.root,
      h("h2", { class: "details-title" }, h("span", { class: "swatch", style: `background:${nodeColour(node.type)}` }), node.caption),
      h("p", { class: "muted" }, `${node.type} · ${node.id}`),
      cap && moreLabel(cap) ? h("p", { class: "caps" }, `Neighbours shown ${cap.shown} of ${cap.total} (${moreLabel(cap)})`) : null,
      actions(this.app, node),
      h(
        "table",
        { class: "props" },
        h("tbody", {}, row("first seen", when(node.firstSeen)), row("last seen", when(node.lastSeen)), ...props.map(([k, v]) => row(k, show(v)))),
      ),
      this.provenance(node.sources, node.origins),
    );
    if (!node.id.startsWith("group:")) void this.claims(node.id);
    if (node.type === "ResolvedEntity") void this.canonical(node.id);
  }

  /** An edge's evidence: confidence, when, and the sources that assert it. */
  showEdge(edge: ChartEdge, evidence?: Hop["sources"]): void {
    fill(
      this.root,
      h("h2", {}, edge.type),
      h("p", { class: "muted" }, `${this.caption(edge.source)} → ${this.caption(edge.target)}`),
      h(
        "table",
        { class: "props" },
        h("tbody", {}, row("confidence", percent(edge.confidence)), row("first seen", when(edge.firstSeen)), row("last seen", when(edge.lastSeen)), row("inferred", edge.inferred ? "yes" : "no")),
      ),
      evidence
        ? h("section", {}, h("h3", {}, "Evidence"), h("ul", { class: "sources" }, evidence.map(sourceItem)))
        : this.provenance(edge.sources, edge.origins),
    );
  }

  private caption(id: string): string {
    return this.app.store.state.nodes.get(id)?.caption ?? id;
  }

  private provenance(sources: readonly string[], origins: readonly string[]): HTMLElement {
    const list = h("ul", { class: "sources" }, sources.map((id) => h("li", { "data-source": id }, id)));
    for (const item of list.querySelectorAll<HTMLLIElement>("li")) {
      const id = item.dataset.source ?? "";
      void this.api.source(id).then((s) => {
        if (s) item.replaceWith(sourceItem(s));
      }).catch(() => undefined);
    }
    return h(
      "section",
      { class: "provenance" },
      h("h3", {}, `Sources (${sources.length})`),
      list,
      h("h3", {}, `Origins (${origins.length})`),
      h("ul", { class: "origins" }, origins.map((o) => h("li", {}, o))),
    );
  }

  /** Where the node's sources disagree: each source's own value (the node shows the best one). */
  private async claims(id: string): Promise<void> {
    const claims = await this.api.claims(id).catch(() => []);
    if (!claims.length || this.app.store.state.selection[0] !== id) return;
    this.root.append(
      h(
        "section",
        { class: "claims" },
        h("h3", {}, `Claims: the sources disagree (${claims.length})`),
        h("ul", {}, claims.map((c) => h("li", {}, `${c.property} = ${JSON.stringify(c.value)} `, h("span", { class: "muted" }, `(${c.source?.caption ?? "unknown source"})`)))),
      ),
    );
  }

  private async canonical(id: string): Promise<void> {
    const section = h("section", { class: "canonical" }, h("h3", {}, "Canonical entity"), h("p", { class: "muted" }, "Loading members…"));
    this.root.append(section);
    try {
      const canonical = await this.api.canonical(id);
      if (canonical) fill(section, ...this.members(canonical));
      else fill(section, h("p", { class: "muted" }, "No canonical entity."));
    } catch (error) {
      fill(section, h("p", { class: "error" }, error instanceof Error ? error.message : String(error)));
    }
  }

  private members(canonical: Canonical): HTMLElement[] {
    const reason = h("input", { class: "reason", placeholder: "Reason (required to decide)" });
    const decide = (label: string, run: (why: string) => Promise<unknown>) =>
      this.mayReview
        ? h("button", {
            class: "review",
            onclick: () => {
              const why = reason.value.trim();
              if (!why) {
                reason.focus();
                return;
              }
              void run(why).then(
                () => this.app.status.info(`${label}: recorded.`),
                (error: unknown) => {
                  if (error instanceof ApiError && (error.code === "FORBIDDEN" || error.code === "UNAUTHENTICATED")) this.mayReview = false;
                  this.app.status.error(error, label);
                },
              );
            },
          }, label)
        : null;
    const byId = new Map(canonical.members.map((m) => [m.entity.id, m.entity.caption]));
    return [
      h("h3", {}, `Canonical entity: ${canonical.members.length} members`),
      this.mayReview ? reason : h("p", { class: "muted" }, "Your key may not record decisions."),
      decide("Unmerge", (why) => this.api.unmerge(canonical.entity.id, why)) ?? h("span"),
      h(
        "table",
        { class: "members" },
        h("thead", {}, h("tr", {}, h("th", {}, "member"), h("th", {}, "p"), h("th", {}, "why"), h("th", {}, ""))),
        h(
          "tbody",
          {},
          canonical.members.map((m) =>
            h(
              "tr",
              {},
              h("td", {}, m.entity.caption),
              h("td", {}, percent(m.probability)),
              h("td", { class: "features" }, m.features.map((f) => `${f.name}: ${f.level} (${f.weight.toFixed(1)})`).join(", ")),
              h("td", {}, decide("Split", (why) => this.api.splitMember(m.entity.id, why))),
            ),
          ),
        ),
      ),
      h("h3", {}, "Links"),
      h(
        "table",
        { class: "links" },
        h(
          "tbody",
          {},
          canonical.links.map((l) =>
            h(
              "tr",
              {},
              h("td", {}, `${byId.get(l.left) ?? l.left} ↔ ${byId.get(l.right) ?? l.right}`),
              h("td", {}, `${percent(l.probability)} ${l.status}`),
              h("td", {}, decide("Confirm", (why) => this.api.confirmPair(l.left, l.right, why))),
              h("td", {}, decide("Reject", (why) => this.api.rejectPair(l.left, l.right, why))),
            ),
          ),
        ),
      ),
    ];
  }
}

function actions(app: App, node: ChartNode): HTMLElement {
  return h(
    "div",
    { class: "node-actions" },
    node.type === "Account"
      ? h("button", { id: "who-is-behind", onclick: () => void app.attribution(node.id) }, "Who is behind this account?")
      : null,
    h("button", { onclick: () => void app.expand(node.id) }, "Expand"),
    h("button", { onclick: () => app.collapse(node.id) }, "Collapse"),
    h("button", { onclick: () => app.hide([node.id]) }, "Hide"),
    app.store.state.pinned.has(node.id) ? h("button", { onclick: () => app.unpin([node.id]) }, "Unpin") : null,
  );
}

/** A source with its link, publisher, Admiralty grade and TLP marking (what the API gave). */
function sourceItem(source: SourceInfo): HTMLElement {
  const field = (name: "url" | "publisher" | "reliability" | "marking"): string | null => (name in source ? (source as Partial<SourceFields>)[name] ?? null : null);
  const [url, publisher, reliability, marking] = [field("url"), field("publisher"), field("reliability"), field("marking")];
  return h(
    "li",
    {},
    url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, source.caption) : source.caption,
    publisher ? ` · ${publisher}` : "",
    reliability ? h("span", { class: "grade", title: "Admiralty reliability" }, reliability) : "",
    marking ? h("span", { class: `tlp tlp-${marking.toLowerCase().replace("+", "-")}`, title: "TLP marking of what this source asserts" }, `TLP:${marking}`) : "",
  );
}

function row(name: string, value: string): HTMLTableRowElement {
  return h("tr", {}, h("th", {}, name), h("td", {}, value));
}

function show(value: PropertyValue): string {
  if (Array.isArray(value)) return value.map(show).join(", ");
  return value === null ? "—" : String(value);
}
