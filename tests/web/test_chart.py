"""The link chart in headless Chromium against the live app with the real samples loaded:
search an account, ask who is behind it, move the time slider, read the details, export GraphML,
reload the shareable link, use GraphiQL; every check is on what the page shows or saves."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import neo4j
from chart_page import ARTEFACTS, Visit
from playwright.sync_api import Browser

from graph_platform.access.keys import ApiKeys
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.web.pages import CONTENT_SECURITY_POLICY

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
HANDLE = "Inside_Syria"


def _open_account(visit: Visit) -> None:
    visit.open_chart()
    visit.page.locator("#search").fill(f"@{HANDLE}")
    visit.page.locator("#search").press("Enter")
    visit.page.locator("body[data-nodes='1']").wait_for()
    visit.page.locator("#details h2", has_text=re.compile(HANDLE, re.I)).wait_for()


def _who_is_behind(visit: Visit) -> None:
    _open_account(visit)
    visit.page.locator("#who-is-behind").click()
    visit.page.locator("#attribution-paths li.path").first.wait_for()


def test_chart_is_served_from_this_host_only_and_sends_the_key(visit: Visit) -> None:
    response = httpx.get(f"{visit.base}/", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    sent: list[str | None] = []
    visit.page.on(
        "request",
        lambda r: sent.append(r.headers.get("authorization")) if "/graphql" in r.url else None,
    )
    visit.page.goto(f"{visit.base}/")
    assert visit.page.locator("#key-dialog").is_visible()
    visit.screenshot("key-dialog")
    visit.page.locator("#api-key").fill(visit.key)
    visit.page.locator("#key-save").click()
    visit.page.locator("body[data-ready=true]").wait_for()
    assert "Ready" in visit.page.locator("#status").inner_text()
    # Type-ahead: results appear while typing, each request carrying the key.
    visit.page.locator("#search").press_sequentially("inside_syr", delay=30)
    visit.page.locator("#search-results li.hit", has_text=re.compile(HANDLE, re.I)).first.wait_for()
    visit.screenshot("type-ahead")
    assert sent and all(h == f"Bearer {visit.key}" for h in sent)
    assert visit.key not in visit.page.url
    assert visit.other_hosts() == set()


def test_search_opens_the_account_with_its_details(visit: Visit) -> None:
    _open_account(visit)
    details = visit.page.locator("#details")

    def value(name: str) -> str:
        th = visit.page.locator("th", has_text=re.compile(f"^{name}$"))
        return details.locator("tr").filter(has=th).locator("td").inner_text()

    assert value("handle") == HANDLE
    assert value("platform") == "twitter"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", value("first seen"))
    # Provenance: the sources are resolved to their titles, the origins name file and row.
    details.locator(".sources li").first.wait_for()
    assert (
        details.locator(".origins li", has_text="russia_201901_1_tweets_sample.csv#").count() >= 1
    )
    assert visit.page.locator("#legend .legend-item[data-type=Account]").inner_text() == "Account 1"
    visit.screenshot("search-account")
    assert visit.other_hosts() == set()


def test_who_is_behind_ranks_paths_and_shows_each_hops_evidence(visit: Visit) -> None:
    _who_is_behind(visit)
    paths = visit.page.locator("#attribution-paths li.path")
    first = paths.first.locator(".path-summary").inner_text()
    assert re.match(r"\d+% ", first), first
    confidences = [int(p.split("%")[0]) for p in paths.locator(".path-summary").all_inner_texts()]
    assert confidences == sorted(confidences, reverse=True)
    assert visit.nodes() >= 3
    legend = visit.page.locator("#legend").inner_text()
    assert "InfluenceOperation" in legend
    assert visit.page.locator("#layout").input_value() == "hierarchy"
    assert visit.nodes_outside_view() == []
    visit.screenshot("attribution")
    # One click from a hop to its evidence: confidence and the sources asserting it.
    paths.first.locator(".hop").first.click()
    details = visit.page.locator("#details")
    assert details.locator("h2").inner_text() == "PART_OF"
    assert re.search(r"\d+%", details.locator("tr", has_text="confidence").inner_text())
    assert details.locator("h3", has_text="Evidence").is_visible()
    assert details.locator(".sources li").count() >= 1
    visit.screenshot("attribution-evidence")


def test_time_slider_shows_the_chart_as_of_an_earlier_time(visit: Visit) -> None:
    _who_is_behind(visit)
    label = visit.page.locator("#time-label")
    assert label.inner_text().startswith("all time (")
    before = (visit.nodes(), visit.edges())
    visit.page.locator("#time-slider").fill("0")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", label.inner_text())
    after = (visit.nodes(), visit.edges())
    assert after[0] + after[1] < before[0] + before[1], (before, after)
    visit.screenshot("time-slider")
    visit.page.locator("#time-slider").fill("1000")
    assert (visit.nodes(), visit.edges()) == before


def test_graphml_export_parses_and_keeps_provenance(visit: Visit) -> None:
    _who_is_behind(visit)
    with visit.page.expect_download() as download:
        visit.page.locator("#export-graphml").click()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    saved = ARTEFACTS / "chart.graphml"
    download.value.save_as(saved)
    graph = ET.parse(saved).getroot().find(f"{GRAPHML}graph")
    assert graph is not None
    nodes = graph.findall(f"{GRAPHML}node")
    edges = graph.findall(f"{GRAPHML}edge")
    assert (len(nodes), len(edges)) == (visit.nodes(), visit.edges())
    ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)

    def values(element: ET.Element, key: str) -> list[str]:
        return [d.text or "" for d in element.findall(f"{GRAPHML}data") if d.get("key") == key]

    assert all(values(n, "n_sources") and values(n, "n_origins") for n in nodes)
    assert {t for e in edges for t in values(e, "e_type")} >= {"PART_OF"}
    assert all(0 <= float(values(e, "e_confidence")[0]) <= 1 for e in edges)


def test_png_and_json_exports(visit: Visit) -> None:
    _who_is_behind(visit)
    with visit.page.expect_download() as png:
        visit.page.locator("#export-png").click()
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with visit.page.expect_download() as exported:
        visit.page.locator("#export-json").click()
    document = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
    assert document["format"] == "graph_platform.chart"
    assert len(document["nodes"]) == visit.nodes()
    assert all(n["sources"] and n["origins"] for n in document["nodes"])
    assert document["view"]["steps"][-1]["op"] == "attribution"


def test_shared_link_reproduces_the_view_without_the_key(visit: Visit, browser: Browser) -> None:
    _who_is_behind(visit)
    visit.page.locator("#grouping").select_option("operation")
    visit.page.locator("#share").click()
    link = visit.page.locator("#share-url").input_value()
    assert link.startswith(f"{visit.base}/#view=")
    assert visit.key not in link
    shown = (visit.nodes(), visit.edges(), visit.page.locator("#legend").inner_text())

    # Another analyst (a new context: no sessionStorage, so the key is asked for again).
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    other = Visit(context.new_page(), visit.base, visit.key)
    try:
        other.open_chart(link.removeprefix(visit.base + "/"))
        other.page.locator("#status", has_text="Shared view restored").wait_for()
        assert (other.nodes(), other.edges(), other.page.locator("#legend").inner_text()) == shown
        assert other.page.locator("#grouping").input_value() == "operation"
        assert other.page.locator("#layout").input_value() == "hierarchy"
        assert other.nodes_outside_view() == []
        other.screenshot("shared-link")
    finally:
        context.close()


def test_graphiql_is_bundled_with_examples_and_runs_a_query(visit: Visit) -> None:
    visit.open_chart()  # the key entered there is GraphiQL's Authorization header in this tab
    visit.page.goto(f"{visit.base}/graphql")
    visit.page.locator(".graphiql-container").wait_for()
    editor = visit.page.locator(".graphiql-query-editor")
    editor.get_by_text("account(platform").first.wait_for()
    visit.page.locator(".graphiql-execute-button").click()
    visit.page.locator(".graphiql-response", has_text=HANDLE).wait_for()
    visit.screenshot("graphiql")
    assert visit.other_hosts() == set()


def _node_on_screen(visit: Visit, node_id: str) -> tuple[float, float]:
    """Where sigma draws a node, in page coordinates."""
    box = visit.page.locator("#chart").bounding_box()
    assert box is not None
    x, y = visit.page.evaluate(
        """id => { const engine = window.graphPlatform.engine;
        const p = engine.sigma.graphToViewport(engine.graph.getNodeAttributes(id));
        return [p.x, p.y]; }""",
        node_id,
    )
    return box["x"] + x, box["y"] + y


def _expand_account(visit: Visit) -> None:
    _open_account(visit)
    visit.page.wait_for_timeout(600)  # the camera's move to the opened node
    account = visit.page.evaluate("() => window.graphPlatform.store.state.selection[0]")
    visit.page.mouse.dblclick(*_node_on_screen(visit, account))
    visit.page.wait_for_function("() => Number(document.body.dataset.nodes) > 1")
    visit.page.wait_for_timeout(2500)  # the force layout refines in its worker, then stops


def test_double_click_expands_the_node(visit: Visit) -> None:
    _expand_account(visit)
    status = visit.page.locator("#status").inner_text()
    assert status.startswith("Expanded: "), status
    assert visit.page.locator("#legend .legend-item[data-type=Post]").count() == 1
    assert visit.nodes_outside_view() == []
    visit.screenshot("expanded")


def test_path_finder_between_two_selected_nodes(visit: Visit) -> None:
    _expand_account(visit)
    operation = visit.page.evaluate(
        """() => window.graphPlatform.engine.graph.filterNodes(
            (id, a) => a.kind === "InfluenceOperation")[0]"""
    )
    visit.page.keyboard.down("Shift")
    visit.page.mouse.click(*_node_on_screen(visit, operation))
    visit.page.keyboard.up("Shift")
    find = visit.page.locator("#find-paths")
    assert find.is_enabled()
    find.click()
    first = visit.page.locator("#found .ranked li .path-summary").first
    first.wait_for()
    assert re.match(rf"1 hops: {HANDLE} → .+", first.inner_text()), first.inner_text()
    assert "PART_OF" in visit.page.locator("#found .hops").first.inner_text()
    visit.screenshot("path-finder")


def test_table_view_sorts_and_lists_what_the_chart_shows(visit: Visit) -> None:
    _expand_account(visit)
    visit.page.locator("#toggle-table").click()
    nodes = visit.page.locator("table[data-table=nodes]")
    assert visit.page.locator("#table h3", has_text=f"Nodes ({visit.nodes()})").is_visible()
    assert visit.page.locator("#table h3", has_text=f"Edges ({visit.edges()})").is_visible()
    nodes.locator("th", has_text="type").click()
    types = nodes.locator("tbody tr td:first-child").all_inner_texts()
    assert types == sorted(types) and len(types) == visit.nodes()
    nodes.locator("th", has_text="type").click()
    assert nodes.locator("tbody tr td:first-child").all_inner_texts() == sorted(types, reverse=True)
    visit.screenshot("table")


def _search(visit: Visit, text: str) -> None:
    visit.page.locator("#search").fill("")
    visit.page.locator("#search").press_sequentially(text, delay=20)


def test_a_partner_key_sees_what_it_is_cleared_for_and_no_review_actions(
    visit: Visit, browser: Browser, sample_graph: neo4j.Driver, settings: Settings
) -> None:
    # The analyst (RED): named with role and clearance, and finds a donor of the FtM sample,
    # whose file was loaded without a marking (so it counts as RED).
    visit.open_chart()
    assert visit.page.locator("#caller").inner_text() == "browser tests · analyst · TLP:RED"
    _search(visit, "Lina Dachner")
    visit.page.locator(
        "#search-results[data-query='Lina Dachner'] li.hit", has_text="Dachner"
    ).wait_for()

    keys = ApiKeys(sample_graph, Runtime(settings).queries, settings.neo4j_database)
    partner_key = keys.create("partner browser", "partner", "GREEN", "tests/web")[1]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    partner = Visit(context.new_page(), visit.base, partner_key)
    try:
        _open_account(partner)  # the Twitter IO release is public (its loader marks it CLEAR)
        caller = partner.page.locator("#caller")
        assert caller.inner_text() == "partner browser · partner · TLP:GREEN"
        assert caller.get_attribute("title") == "This key reads only."
        partner.page.locator("#details .sources .tlp", has_text="TLP:CLEAR").first.wait_for()
        # The RED donor is not among the hits (fuzzy ones from CLEAR sources come instead).
        _search(partner, "Lina Dachner")
        partner.page.locator("#search-results[data-query='Lina Dachner'] li").first.wait_for()
        assert partner.page.locator("#search-results li", has_text="Dachner").count() == 0
        partner.screenshot("partner")
        assert partner.other_hosts() == set()
    finally:
        context.close()
