import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { toChartNode, toSubgraph } from "../src/api/convert";
import { placeNodes } from "../src/chart/placement";
import { moreLabel, typeOf } from "../src/model";

describe("API answers to the chart model", () => {
  it("keeps every property, un-aliases type-specific fields, picks the type", () => {
    const n = toChartNode({
      __typename: "Domain", id: "d", labels: ["Domain", "Entity"], caption: "x.org", sources: ["s"], origins: [],
      firstSeen: "2019-01-01T00:00:00+00:00", lastSeen: null, name__Domain: "x.org", loadedAt: "2024-01-01T00:00:00Z",
    });
    expect(n.type).toBe("Domain");
    expect(n.properties).toEqual({ name: "x.org", loadedAt: "2024-01-01T00:00:00Z" });
    expect(n.firstSeen).toBe("2019-01-01T00:00:00+00:00");
  });

  it("reads caps as +N more", () => {
    const sub = toSubgraph({ nodes: [], edges: [], capped: [{ id: "a", shown: 25, total: 140 }] });
    expect(moreLabel(sub.caps[0])).toBe("+115 more");
    expect(moreLabel({ id: "a", shown: 3, total: 3 })).toBe("");
    expect(typeOf(["Person", "LegalEntity", "Entity"])).toBe("Person");
  });
});

describe("placement", () => {
  it("puts new nodes next to a placed neighbour and the rest on a disc", () => {
    const g = new Graph();
    ["old", "n1", "n2", "lonely"].forEach((id) => g.addNode(id));
    g.addEdge("old", "n1");
    g.addEdge("n1", "n2");
    const positions = placeNodes(g, ["n1", "n2", "lonely"], (id) => (id === "old" ? { x: 1000, y: 1000 } : undefined));
    const d = (id: string) => Math.hypot((positions.get(id)?.x ?? 0) - 1000, (positions.get(id)?.y ?? 0) - 1000);
    expect(d("n1")).toBeLessThan(40);
    expect(d("n2")).toBeLessThan(80);
    expect(positions.size).toBe(3);
  });
});
