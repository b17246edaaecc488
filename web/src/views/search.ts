/** The search box: type-ahead over names, handles, aliases and text; a result opens on the chart. */
import type { GraphApi, SearchHit } from "../api/graph-api";
import { nodeColour } from "../chart/style";
import { h } from "./dom";
import type { StatusLine } from "./status";

export class SearchView {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asked = 0;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;

  constructor(
    root: HTMLElement,
    private readonly api: GraphApi,
    private readonly status: StatusLine,
    private readonly open: (hit: SearchHit) => void,
  ) {
    this.input = h("input", { id: "search", type: "search", placeholder: "Search names, @handles, aliases, text…", autocomplete: "off" });
    this.list = h("ul", { id: "search-results", role: "listbox" });
    root.append(this.input, this.list);
    this.input.addEventListener("input", () => this.schedule());
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        if (this.timer) clearTimeout(this.timer);
        void this.lookup(true);
      }
      if (event.key === "Escape") this.list.replaceChildren();
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.lookup(false), 200);
  }

  private async lookup(openFirst: boolean): Promise<void> {
    const text = this.input.value.trim();
    const ticket = ++this.asked;
    if (text.length < 2) {
      this.list.replaceChildren();
      return;
    }
    try {
      const hits = await this.api.search(text);
      if (ticket !== this.asked) return; // a newer keystroke asked since
      const first = hits[0];
      if (openFirst && first) {
        this.choose(first);
        return;
      }
      this.list.replaceChildren(
        ...(hits.length
          ? hits.map((hit) =>
              h(
                "li",
                { role: "option", class: "hit", onclick: () => this.choose(hit) },
                h("span", { class: "swatch", style: `background:${nodeColour(hit.node.type)}` }),
                h("span", { class: "hit-caption" }, hit.node.caption),
                h("span", { class: "hit-type" }, hit.node.type),
                hit.matchedBy ? h("span", { class: "hit-why" }, hit.matchedBy) : null,
              ),
            )
          : [h("li", { class: "none" }, `No match for “${text}”`)]),
      );
      this.list.dataset.query = text; // what the list answers (the browser tests wait for it)
    } catch (error) {
      this.status.error(error, "Search");
    }
  }

  private choose(hit: SearchHit): void {
    if (this.timer) clearTimeout(this.timer);
    this.asked++; // answers still on their way are for the text before this choice
    this.list.replaceChildren();
    this.input.value = hit.node.caption;
    this.open(hit);
  }
}
