import { describe, expect, it } from "vitest";
import { emptyState, merged } from "../src/store";
import { deriveView } from "../src/view";
import { edge, node } from "./fixtures";

const base = merged(emptyState(), {
  nodes: [
    node("a1", "Account", { firstSeen: "2018-01-01T00:00:00Z" }),
    node("a2", "Account", { firstSeen: "2019-06-01T00:00:00Z" }),
    node("op", "InfluenceOperation"),
    node("actor", "Location"),
    node("r", "ResolvedEntity"),
    node("p1", "Person"),
    node("p2", "Person"),
  ],
  edges: [
    edge("a1", "PART_OF", "op", { confidence: 0.9, sources: ["twitter"] }),
    edge("a2", "PART_OF", "op", { confidence: 0.5, sources: ["report"], firstSeen: "2019-06-01T00:00:00Z" }),
    edge("op", "ATTRIBUTED_TO", "actor", { confidence: 0.8 }),
    edge("p1", "RESOLVED_TO", "r"),
    edge("p2", "RESOLVED_TO", "r"),
    edge("p1", "EMPLOYED_BY", "actor", { confidence: null }),
  ],
  caps: [],
}, null);

describe("deriveView", () => {
  it("drops hidden nodes and their edges", () => {
    const view = deriveView({ ...base, hidden: new Set(["op"]) });
    expect(view.nodes.map((n) => n.id)).not.toContain("op");
    expect(view.edges.some((e) => e.source === "op" || e.target === "op")).toBe(false);
  });

  it("filters edges by type, minimum confidence and source; unstated confidence passes", () => {
    const f = (filters: Partial<typeof base.filters>) =>
      deriveView({ ...base, filters: { ...base.filters, ...filters } }).edges.map((e) => e.id).sort();
    expect(f({ hiddenRelTypes: ["RESOLVED_TO"] })).not.toContain("p1-RESOLVED_TO-r");
    expect(f({ minConfidence: 0.6 })).toEqual(["a1-PART_OF-op", "op-ATTRIBUTED_TO-actor", "p1-EMPLOYED_BY-actor", "p1-RESOLVED_TO-r", "p2-RESOLVED_TO-r"]);
    expect(f({ sources: ["report"] })).toEqual(["a2-PART_OF-op"]);
  });

  it("as of a time shows only what was first seen by then", () => {
    const view = deriveView({ ...base, filters: { ...base.filters, asOf: "2019-01-01T00:00:00Z" } });
    expect(view.nodes.map((n) => n.id)).not.toContain("a2");
    expect(view.edges.map((e) => e.id)).not.toContain("a2-PART_OF-op");
    expect(view.nodes.map((n) => n.id)).toContain("a1");
  });

  it("groups accounts by operation, merging their edges", () => {
    const view = deriveView({ ...base, grouping: "operation" });
    const group = view.nodes.find((n) => n.type === "Group");
    expect(group?.caption).toBe("2 accounts of InfluenceOperation op");
    expect(view.members.get("group:op")?.sort()).toEqual(["a1", "a2"]);
    const partOf = view.edges.filter((e) => e.type === "PART_OF");
    expect(partOf).toHaveLength(1);
    expect(partOf[0]?.confidence).toBe(0.9);
    expect(partOf[0]?.sources.sort()).toEqual(["report", "twitter"]);
  });

  it("groups records into their canonical entity", () => {
    const view = deriveView({ ...base, grouping: "canonical" });
    const ids = view.nodes.map((n) => n.id);
    expect(ids).not.toContain("p1");
    expect(view.members.get("r")?.sort()).toEqual(["p1", "p2", "r"]);
    expect(view.edges.find((e) => e.type === "EMPLOYED_BY")?.source).toBe("r");
    expect(view.edges.some((e) => e.type === "RESOLVED_TO")).toBe(false);
  });
});
