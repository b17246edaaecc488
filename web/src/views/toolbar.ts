/**
 * The toolbar: undo/redo, hide/collapse/pin, layouts, grouping, path finder, table, exports and
 * the shareable link.
 */
import type { App } from "../app";
import { toChartJson } from "../export/chart-json";
import { download } from "../export/download";
import { toGraphML } from "../export/graphml";
import type { ChartState, Grouping, LayoutName } from "../store";
import { sharedView } from "../url-state";
import { h } from "./dom";

export class Toolbar {
  private readonly undo = h("button", { id: "undo", title: "Undo (Ctrl+Z)" }, "Undo");
  private readonly redo = h("button", { id: "redo", title: "Redo (Ctrl+Shift+Z)" }, "Redo");
  private readonly layout = h(
    "select",
    { id: "layout", title: "Layout" },
    h("option", { value: "force" }, "Force"),
    h("option", { value: "hierarchy" }, "Hierarchy"),
    h("option", { value: "time" }, "Time"),
  );
  private readonly grouping = h(
    "select",
    { id: "grouping", title: "Group" },
    h("option", { value: "none" }, "No grouping"),
    h("option", { value: "operation" }, "Group by operation"),
    h("option", { value: "canonical" }, "Group by canonical entity"),
  );
  private readonly paths = h("button", { id: "find-paths", title: "Shift-click two nodes, then find the paths between them" }, "Find paths");
  private readonly shareOut = h("input", { id: "share-url", readonly: true, placeholder: "shareable link" });

  constructor(
    root: HTMLElement,
    private readonly app: App,
    toggleTable: () => void,
  ) {
    const selection = () => app.store.state.selection;
    root.append(
      this.undo,
      this.redo,
      h("button", { id: "hide", onclick: () => app.hide(selection()) }, "Hide"),
      h("button", { id: "show-hidden", onclick: () => app.showHidden() }, "Show hidden"),
      h("button", { id: "collapse", onclick: () => selection().forEach((id) => app.collapse(id)) }, "Collapse"),
      h("button", { id: "unpin", onclick: () => app.unpin(selection()) }, "Unpin"),
      this.layout,
      this.grouping,
      this.paths,
      h("button", { id: "toggle-table", onclick: toggleTable }, "Table"),
      h("span", { class: "sep" }),
      h("button", { id: "export-png", onclick: () => void this.png() }, "PNG"),
      h("button", { id: "export-graphml", onclick: () => this.graphml() }, "GraphML"),
      h("button", { id: "export-json", onclick: () => this.json() }, "JSON"),
      h("button", { id: "share", onclick: () => this.share() }, "Share link"),
      this.shareOut,
    );
    this.undo.addEventListener("click", () => app.store.undo());
    this.redo.addEventListener("click", () => app.store.redo());
    this.layout.addEventListener("change", () => app.setLayout(this.layout.value as LayoutName));
    this.grouping.addEventListener("change", () => app.setGrouping(this.grouping.value as Grouping));
    this.paths.addEventListener("click", () => {
      const [from, to] = selection();
      if (from && to) void app.findPaths(from, to);
      else app.status.info("Shift-click two nodes first.");
    });
    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return;
      if (event.target instanceof HTMLInputElement) return;
      event.preventDefault();
      if (event.shiftKey) app.store.redo();
      else app.store.undo();
    });
  }

  show(state: ChartState): void {
    this.undo.disabled = !this.app.store.canUndo;
    this.redo.disabled = !this.app.store.canRedo;
    this.layout.value = state.layout;
    this.grouping.value = state.grouping;
    this.paths.disabled = state.selection.length !== 2;
  }

  private stamp(): string {
    return new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  }

  private async png(): Promise<void> {
    const blob = await this.app.engine.png();
    download(`chart-${this.stamp()}.png`, blob);
  }

  private graphml(): void {
    const { nodes, edges } = this.app.view;
    download(`chart-${this.stamp()}.graphml`, toGraphML(nodes, edges), "application/graphml+xml");
  }

  private json(): void {
    const { nodes, edges } = this.app.view;
    download(`chart-${this.stamp()}.json`, toChartJson(nodes, edges, sharedView(this.app.store.state)), "application/json");
  }

  private share(): void {
    const url = this.app.shareLink();
    this.shareOut.value = url;
    this.shareOut.select();
    void navigator.clipboard?.writeText(url).catch(() => undefined);
    this.app.status.info("Link to this view copied (it holds no key: whoever opens it uses their own).");
  }
}
