import { describe, expect, it } from "vitest";
import { toChartJson } from "../src/export/chart-json";
import { escapeXml, toGraphML } from "../src/export/graphml";
import { emptyState } from "../src/store";
import { decodeView, encodeView, sharedView } from "../src/url-state";
import { edge, node } from "./fixtures";

describe("GraphML", () => {
  it("writes nodes, edges and provenance with escaped text and declared keys", () => {
    const xml = toGraphML(
      [node("a<1>", "Account", { properties: { handle: "x&y", followers: 3, aliases: ["a", "b"] } }), node("o")],
      [edge("a<1>", "PART_OF", "o", { confidence: 0.75 })],
    );
    expect(xml).toContain('<node id="a&lt;1&gt;">');
    expect(xml).toContain('<data key="n_p_handle">x&amp;y</data>');
    expect(xml).toContain('<data key="n_p_aliases">[&quot;a&quot;,&quot;b&quot;]</data>');
    expect(xml).toContain('<key id="e_confidence" for="edge" attr.name="confidence" attr.type="double"/>');
    expect(xml).toContain('<data key="e_confidence">0.75</data>');
    expect(xml).toContain('<data key="e_origins">[&quot;s1 @ f.csv#1&quot;]</data>');
    expect(xml.match(/<edge /g)).toHaveLength(1);
  });

  it("drops characters XML cannot carry", () => {
    expect(escapeXml("a\u0001b\u0000c")).toBe("abc");
  });
});

describe("shared view", () => {
  it("round-trips through the URL fragment and carries no key", () => {
    const state = {
      ...emptyState(),
      steps: [{ op: "open" as const, id: "acc:1" }, { op: "attribution" as const, id: "acc:1" }],
      hidden: new Set(["x"]),
      pinned: new Map([["acc:1", { x: 1.4, y: -2.6 }]]),
      layout: "hierarchy" as const,
      selection: ["acc:1"],
    };
    const fragment = encodeView(sharedView(state));
    expect(fragment).toMatch(/^view=[A-Za-z0-9_-]+$/);
    const view = decodeView(`#${fragment}`);
    expect(view?.steps).toEqual(state.steps);
    expect(view?.pinned).toEqual([["acc:1", { x: 1, y: -3 }]]);
    expect(view?.layout).toBe("hierarchy");
    expect(decodeView("#nothing")).toBeNull();
    expect(() => decodeView("#view=e30")).toThrow(/not a graph_platform chart view/);
  });

  it("JSON export keeps provenance and the view", () => {
    const json = JSON.parse(toChartJson([node("a")], [edge("a", "FOLLOWS", "a")], sharedView(emptyState()), new Date(0)));
    expect(json.format).toBe("graph_platform.chart");
    expect(json.nodes[0].origins).toEqual(["s1 @ f.csv#a"]);
    expect(json.edges[0].sources).toEqual(["s1"]);
    expect(json.exportedAt).toBe("1970-01-01T00:00:00.000Z");
  });
});
