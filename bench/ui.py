"""Link-chart performance in headless Chromium: our chart engine (sigma.js + graphology, drawn at
once from cheap positions, ForceAtlas2 refining in a web worker) against cytoscape.js in the same
run, on a random 5,000-node / 10,000-edge answer shaped like the API's `neighbourhood`.

Goals (issue 15): request → interactive chart ≤ 2 s and ≥ 10x faster than cytoscape.js running
`cose` to its end; pan/zoom frame time p95 ≤ 50 ms; expanding a node of a 1,000-node chart
≤ 300 ms to the frame that shows the new nodes placed. cose is run for a few real iterations and
its time to the end projected from them (it ends when 1000 x 0.99^i < 1, i.e. after 688 steps,
which would take minutes at this size); the projection is printed with the measured steps.

    .venv/bin/python bench/ui.py [--rounds 3] [--seed 15]

Builds web/bench (npm) into .graph_platform/bench-ui, serves it and the answers on 127.0.0.1 and
drives Debian's /usr/bin/chromium with Playwright. Last line: one JSON object with `goals`.
"""

from __future__ import annotations

import argparse
import http.server
import json
import math
import random
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from graph_platform.web.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
OUT = ROOT / ".graph_platform" / "bench-ui"
TYPES = [
    ("Account", 0.45),
    ("Post", 0.3),
    ("Hashtag", 0.08),
    ("Url", 0.07),
    ("InfluenceOperation", 0.04),
    ("Person", 0.03),
    ("Organisation", 0.02),
    ("Location", 0.01),
]
REL_TYPES = ["POSTED", "MENTIONS", "TAGGED", "LINKS_TO", "PART_OF", "RESHARED", "FOLLOWS"]
EXPANSION = 25  # the API's default limitPerNode


def entity(rng: random.Random, i: int, prefix: str) -> dict[str, Any]:
    kind = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
    day = rng.randrange(1, 28)
    return {
        "__typename": kind,
        "id": f"{prefix}{i}",
        "labels": [kind, "Entity"],
        "caption": f"{kind.lower()} {prefix}{i}",
        "sources": ["src-1"],
        "origins": [f"src-1 @ bench.csv#{i}"],
        "firstSeen": f"2019-01-{day:02d}T00:00:00Z",
        "lastSeen": f"2019-02-{day:02d}T00:00:00Z",
    }


def edge(rng: random.Random, key: str, source: str, target: str) -> dict[str, Any]:
    return {
        "id": key,
        "type": rng.choice(REL_TYPES),
        "source": source,
        "target": target,
        "confidence": round(rng.random(), 2),
        "firstSeen": None,
        "lastSeen": None,
        "sources": ["src-1"],
        "origins": ["src-1 @ bench.csv#1"],
        "inferred": False,
    }


def random_answer(rng: random.Random, nodes: int, edges: int, prefix: str) -> dict[str, Any]:
    """A random graph of `nodes` / `edges` (no self-loops) as a `neighbourhood` answer."""
    ids = [f"{prefix}{i}" for i in range(nodes)]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < edges:
        a, b = rng.sample(ids, 2)
        pairs.add((a, b))
    return {
        "data": {
            "neighbourhood": {
                "nodes": [entity(rng, i, prefix) for i in range(nodes)],
                "edges": [
                    edge(rng, f"{prefix}e{k}", a, b) for k, (a, b) in enumerate(sorted(pairs))
                ],
                "truncated": False,
                "capped": [],
            }
        }
    }


def expansion(rng: random.Random, centre: str, prefix: str) -> dict[str, Any]:
    """`centre`'s neighbours: EXPANSION new nodes linked to it, capped (the chart shows +N more)."""
    nodes = [entity(rng, i, prefix) for i in range(EXPANSION)]
    edges = [edge(rng, f"{prefix}e{i}", centre, n["id"]) for i, n in enumerate(nodes)]
    return {
        "data": {
            "neighbourhood": {
                "nodes": nodes,
                "edges": edges,
                "truncated": False,
                "capped": [{"id": centre, "shown": EXPANSION, "total": EXPANSION + 40}],
            }
        }
    }


def build_page() -> None:
    if not (WEB / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    subprocess.run(["npm", "run", "--silent", "build:bench"], cwd=WEB, check=True)


@contextmanager
def serve(files: dict[str, bytes]) -> Iterator[str]:
    """Serves `files` (path → body) on 127.0.0.1; yields the base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            kind = {"html": "text/html", "js": "text/javascript", "json": "application/json"}
            self.send_response(200)
            self.send_header("Content-Type", kind.get(self.path.rsplit(".", 1)[-1], "text/plain"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def fresh_page(browser: Browser, base: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{base}/index.html")
    page.wait_for_function("() => window.gpBench !== undefined")
    return page


def pan_zoom(page: Page) -> dict[str, float]:
    """Drags the stage around and turns the wheel with the real mouse (as a user would, so the
    library sees a moving camera); frame times are the page's requestAnimationFrame intervals."""
    page.evaluate("gpBench.recordFrames()")
    page.mouse.move(640, 400)
    page.mouse.down()
    for i in range(60):
        page.mouse.move(640 + 200 * math.sin(i / 9), 400 + 150 * math.cos(i / 11))
    page.mouse.up()
    for i in range(30):
        page.mouse.wheel(0, -60 if i % 10 < 5 else 60)
    page.wait_for_timeout(300)
    result: dict[str, float] = page.evaluate("gpBench.stopFrames()")
    return result


def median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--cose-iterations", type=int, default=3)
    args = parser.parse_args()

    build_page()
    rng = random.Random(args.seed)
    files = {f"/{p.relative_to(OUT)}": p.read_bytes() for p in OUT.rglob("*") if p.is_file()}
    files["/big.json"] = json.dumps(random_answer(rng, 5000, 10000, "n")).encode()
    files["/chart1k.json"] = json.dumps(random_answer(rng, 1000, 2000, "c")).encode()
    centres = [f"c{i}" for i in rng.sample(range(1000), 5)]
    for k, centre in enumerate(centres):
        files[f"/expand/{centre}.json"] = json.dumps(expansion(rng, centre, f"x{k}_")).encode()

    sigma: dict[str, list[dict[str, Any]]] = {"auto": [], "wide": []}
    cyto: list[dict[str, Any]] = []
    cose: list[dict[str, Any]] = []
    expand: list[dict[str, Any]] = []
    with serve(files) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        renderer = fresh_page(browser, base).evaluate("gpBench.webgl()")
        for round_ in range(args.rounds):
            print(f"round {round_ + 1}/{args.rounds}", file=sys.stderr)
            for programs in ("auto", "wide"):
                page = fresh_page(browser, base)
                run = page.evaluate(
                    "u => gpBench.sigmaOpen(u[0], u[1])", [f"{base}/big.json", programs]
                )
                page.evaluate("gpBench.sigmaLayout(60000)")
                run["panZoomWhileLayout"] = pan_zoom(page)
                page.evaluate("gpBench.sigmaLayout(0)")
                if programs == "auto":
                    run["refine"] = page.evaluate("gpBench.sigmaRefine(3000)")
                run["panZoom"] = pan_zoom(page)
                sigma[programs].append(run)
                page.close()
            page = fresh_page(browser, base)
            run = page.evaluate("u => gpBench.cytoscapeOpen(u)", f"{base}/big.json")
            run["panZoom"] = pan_zoom(page)
            cyto.append(run)
            cose.append(page.evaluate("n => gpBench.cytoscapeCose(n)", args.cose_iterations))
            page.close()
            page = fresh_page(browser, base)
            page.evaluate("u => gpBench.sigmaOpen(u, 'auto')", f"{base}/chart1k.json")
            page.evaluate("gpBench.sigmaRefine(2000)")
            expand.append(
                page.evaluate(
                    "a => gpBench.sigmaExpand(id => `${a[0]}/expand/${id}.json`, a[1])",
                    [base, centres],
                )
            )
            page.close()
        browser.close()

    ours = sigma["auto"]
    interactive = median(ours, "interactiveMs")
    cose_end = median(cose, "projectedToEndMs")
    pan_p95 = round(statistics.median(r["panZoom"]["p95"] for r in ours), 1)
    pan_p95_layout = round(statistics.median(r["panZoomWhileLayout"]["p95"] for r in ours), 1)
    expand_p50 = round(statistics.median(e["p50"] for e in expand), 1)
    expand_max = round(max(e["max"] for e in expand), 1)
    figures = {
        "graph": {"nodes": 5000, "edges": 10000, "chart": 1000, "expansion": EXPANSION},
        "webgl": renderer,
        "rounds": args.rounds,
        "sigma_point_line": {
            "fetch_ms": median(ours, "fetchMs"),
            "first_frame_ms": median(ours, "firstFrameMs"),
            "interactive_ms": interactive,
            "pan_zoom_p95_ms": pan_p95,
            "pan_zoom_p95_while_layout_ms": pan_p95_layout,
            "pan_zoom_max_ms": round(max(r["panZoom"]["max"] for r in ours), 1),
            "fa2_worker_updates_per_s": round(
                statistics.median(r["refine"]["perSecond"] for r in ours), 1
            ),
        },
        "sigma_circle_rectangle": {
            "first_frame_ms": median(sigma["wide"], "firstFrameMs"),
            "interactive_ms": median(sigma["wide"], "interactiveMs"),
            "pan_zoom_p95_ms": round(
                statistics.median(r["panZoom"]["p95"] for r in sigma["wide"]), 1
            ),
        },
        "cytoscape_preset": {
            "first_frame_ms": median(cyto, "firstFrameMs"),
            "interactive_ms": median(cyto, "interactiveMs"),
            "pan_zoom_p95_ms": round(statistics.median(r["panZoom"]["p95"] for r in cyto), 1),
            "pan_zoom_max_ms": round(max(r["panZoom"]["max"] for r in cyto), 1),
        },
        "cytoscape_cose": {
            "measured_iterations": args.cose_iterations,
            "per_iteration_ms": median(cose, "perIterationMs"),
            "iterations_to_end": cose[0]["iterationsToEnd"],
            "projected_to_end_ms": cose_end,
            "projected_interactive_ms": round(cose_end + median(cyto, "interactiveMs"), 1),
        },
        "expand_1k": {
            "p50_ms": expand_p50,
            "max_ms": expand_max,
            "runs": sum(e["count"] for e in expand),
        },
    }
    ratio = (cose_end + median(cyto, "interactiveMs")) / interactive
    figures["ratio_cose_to_ours"] = round(ratio, 1)
    figures["goals"] = {
        "interactive_5k_le_2s": interactive <= 2000,
        "ge_10x_faster_than_cytoscape_cose": ratio >= 10,
        "pan_zoom_p95_le_50ms": pan_p95 <= 50,
        "expand_1k_le_300ms": expand_p50 <= 300,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
