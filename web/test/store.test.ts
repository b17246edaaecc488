import { describe, expect, it } from "vitest";
import { collapsed, emptyState, merged, removed, Store } from "../src/store";
import { edge, node } from "./fixtures";

describe("store", () => {
  it("merges answers, one edge per relationship even when it arrives twice with other ids", () => {
    const a = merged(emptyState(), { nodes: [node("a"), node("o", "InfluenceOperation")], edges: [edge("a", "PART_OF", "o", { id: "synthetic" })], caps: [] }, { op: "open", id: "a" });
    const b = merged(a, { nodes: [node("o", "InfluenceOperation")], edges: [edge("a", "PART_OF", "o", { id: "real-id", confidence: 0.4 })], caps: [{ id: "o", shown: 1, total: 9 }] }, { op: "expand", id: "o" });
    expect(b.nodes.size).toBe(2);
    expect(b.edges.size).toBe(1);
    const only = [...b.edges.values()][0];
    expect(only?.id).toBe("synthetic");
    expect(only?.confidence).toBe(0.4);
    expect(b.caps.get("o")).toEqual({ id: "o", shown: 1, total: 9 });
    expect(b.steps).toEqual([{ op: "open", id: "a" }, { op: "expand", id: "o" }]);
  });

  it("collapse removes only the leaf neighbours", () => {
    const s = merged(emptyState(), {
      nodes: ["c", "leaf1", "leaf2", "shared", "other"].map((id) => node(id)),
      edges: [edge("c", "FOLLOWS", "leaf1"), edge("leaf2", "FOLLOWS", "c"), edge("c", "FOLLOWS", "shared"), edge("other", "FOLLOWS", "shared")],
      caps: [{ id: "c", shown: 3, total: 10 }],
    }, null);
    const after = collapsed(s, "c");
    expect([...after.nodes.keys()].sort()).toEqual(["c", "other", "shared"]);
    expect(after.edges.size).toBe(2);
    expect(after.caps.has("c")).toBe(false);
  });

  it("removing a node drops its edges and its selection", () => {
    const s = { ...merged(emptyState(), { nodes: [node("a"), node("b")], edges: [edge("a", "FOLLOWS", "b")], caps: [] }, null), selection: ["a", "b"] };
    const after = removed(s, new Set(["b"]));
    expect([...after.nodes.keys()]).toEqual(["a"]);
    expect(after.edges.size).toBe(0);
    expect(after.selection).toEqual(["a"]);
  });

  it("undo and redo walk the committed history; updates stay out of it", () => {
    const store = new Store();
    const seen: number[] = [];
    store.subscribe((state) => seen.push(state.nodes.size));
    store.commit((s) => merged(s, { nodes: [node("a")], edges: [], caps: [] }, null));
    store.commit((s) => merged(s, { nodes: [node("b")], edges: [], caps: [] }, null));
    store.update((s) => ({ ...s, selection: ["a"] }));
    store.undo();
    expect(store.state.nodes.size).toBe(1);
    expect(store.canRedo).toBe(true);
    store.redo();
    expect(store.state.nodes.size).toBe(2);
    store.undo();
    store.undo();
    expect(store.state.nodes.size).toBe(0);
    expect(store.canUndo).toBe(false);
    store.undo();
    expect(seen).toEqual([1, 2, 2, 1, 2, 1, 0]);
  });

  it("a new commit after undo drops the redo branch", () => {
    const store = new Store();
    store.commit((s) => merged(s, { nodes: [node("a")], edges: [], caps: [] }, null));
    store.undo();
    store.commit((s) => merged(s, { nodes: [node("z")], edges: [], caps: [] }, null));
    expect(store.canRedo).toBe(false);
    expect([...store.state.nodes.keys()]).toEqual(["z"]);
  });
});
