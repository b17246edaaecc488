/** The link chart page: wires the API client, the store's controller and the views. */
import "./app.css";
import { GraphQLClient, sessionKeyStore } from "./api/client";
import { GraphApi } from "./api/graph-api";
import { App } from "./app";
import { DetailsView } from "./views/details";
import { FiltersView } from "./views/filters";
import { FoundView } from "./views/found";
import { askForKey } from "./views/key";
import { showLegend } from "./views/legend";
import { SearchView } from "./views/search";
import { StatusLine } from "./views/status";
import { TableView } from "./views/table";
import { Toolbar } from "./views/toolbar";

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html lacks #${id}`);
  return element;
};

async function start(): Promise<void> {
  await askForKey(sessionKeyStore);
  const status = new StatusLine(byId("status"));
  const api = new GraphApi(new GraphQLClient(sessionKeyStore));
  const app = new App(byId("chart"), api, status);
  const details = new DetailsView(byId("details"), app, api);
  const found = new FoundView(byId("found"), app, details);
  const tablePanel = byId("table");
  const table = new TableView(tablePanel, (kind, i) => {
    if (kind === "node") app.select(app.view.nodes[i]?.id ?? null);
    else {
      const edge = app.view.edges[i];
      if (edge) details.showEdge(edge);
    }
  });
  const toolbar = new Toolbar(byId("toolbar"), app, () => {
    tablePanel.hidden = !tablePanel.hidden;
    if (!tablePanel.hidden) table.show(app.view.nodes, app.view.edges);
    app.engine.resize();
  });
  const filters = new FiltersView(byId("filters"), app);
  new SearchView(byId("search-box"), api, status, (hit) => void app.open(hit.node));
  const caller = byId("caller");
  /** Shows who the key belongs to and offers review actions only to keys that may decide. */
  const identify = async (): Promise<void> => {
    try {
      const me = await api.me();
      caller.textContent = `${me.name} · ${me.role} · TLP:${me.clearance}`;
      caller.title = me.mayDecide ? "This key may record decisions." : "This key reads only.";
      details.mayReview = me.mayDecide;
    } catch (error) {
      caller.textContent = "";
      details.mayReview = false;
      status.error(error, "Key");
    }
  };
  byId("change-key").addEventListener("click", () => {
    void askForKey(sessionKeyStore, true).then(async () => {
      await identify();
      details.showNode(undefined);
      app.select(null);
    });
  });

  let shownNode: string | undefined;
  app.store.subscribe((state, previous) => {
    toolbar.show(state);
    filters.show(state);
    showLegend(byId("legend"), app.view.nodes);
    if (!tablePanel.hidden) table.show(app.view.nodes, app.view.edges);
    const selected = state.selection.length === 1 ? state.selection[0] : undefined;
    if (selected !== shownNode || state.nodes !== previous.nodes) {
      shownNode = selected;
      details.showNode(selected ? (state.nodes.get(selected) ?? app.view.nodes.find((n) => n.id === selected)) : undefined);
    }
    document.body.dataset.nodes = String(app.view.nodes.length);
    document.body.dataset.edges = String(app.view.edges.length);
  });
  app.onFound = (result) => found.show(result);
  details.showNode(undefined);
  toolbar.show(app.store.state);
  filters.show(app.store.state);

  status.info("Ready. Search a name, @handle, alias or text to start.");
  await identify();
  if (window.location.hash) await app.replay(window.location.hash);
  document.body.dataset.ready = "true";
  Object.assign(window, { graphPlatform: app });
}

void start();
