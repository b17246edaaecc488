"""Analysts' decisions on resolution hypotheses: confirm, reject, split and unmerge.

Each decision is one write transaction that reads the current grouping, changes it, and logs a
ResolutionDecision (who, when, why, which records in which parts, and the JSON of the canonical
entities it replaced). Source records and SAME_AS hypotheses are never changed:
- confirm(a, b) joins the groups of a and b into one canonical entity (`merged_by` the decision);
- reject(a, b) records that two records in different groups are different entities;
- split(m) takes record m out of its canonical entity (m ≠ every other member);
- unmerge(c) undoes canonical entity c: if a confirm made it, the entities that confirm replaced
  are put back exactly as they were; otherwise every member stands alone again. Either way the
  separated parts are rejected pairs for later runs.
Each is a plan (see plan.py), run in one write transaction by the CLI (sync) or the API (async).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Literal

import neo4j
import neo4j.time

from graph_platform.errors import DecisionError
from graph_platform.model import node_id
from graph_platform.resolve.graph import canonical_id
from graph_platform.resolve.plan import Plan

Action = Literal["confirm", "reject", "split", "unmerge"]
REVIEW_NAMESPACE = "resolution_review"


@dataclass(frozen=True)
class DecisionOutcome:
    """What a decision did: its id, and the canonical entities before and after."""

    decision_id: str
    action: Action
    kind: str
    members: tuple[str, ...]
    removed: tuple[str, ...]
    created: tuple[str, ...]


def analyst_source_id(analyst: str) -> str:
    """Id of the Source node that an analyst's decisions cite."""
    return node_id("Source", REVIEW_NAMESPACE, [analyst])


# -- snapshots: Neo4j property maps as JSON text and back, keeping temporal types exact --------


def _encode(value: Any) -> Any:
    if isinstance(value, neo4j.time.DateTime):
        value = value.to_native()
    if isinstance(value, datetime):
        offset = value.utcoffset()
        fixed = value if offset is None else value.astimezone(timezone(offset))
        return {"$datetime": fixed.isoformat()}
    if isinstance(value, neo4j.time.Date):
        value = value.to_native()
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def dump_state(rows: Sequence[neo4j.Record]) -> str:
    """`resolve.canonical_state` rows as JSON text (sorted keys, so equal states read equal)."""
    state = [
        {
            "id": row["id"],
            "props": {k: _encode(v) for k, v in row["props"].items()},
            "members": [
                {"member": m["member"], "props": {k: _encode(v) for k, v in m["props"].items()}}
                for m in row["members"]
            ],
        }
        for row in rows
    ]
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def load_state(text: str | None) -> list[dict[str, Any]]:
    """The canonical entities a `dump_state` text holds, with Neo4j-ready property values."""
    state: list[dict[str, Any]] = json.loads(text or "[]")
    for canonical in state:
        canonical["props"] = {k: _decode(v) for k, v in canonical["props"].items()}
        for member in canonical["members"]:
            member["props"] = {k: _decode(v) for k, v in member["props"].items()}
    return state


# -- plans ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decider:
    """Who decides, when and why; its plans apply and log one decision each."""

    analyst: str
    reason: str
    at: datetime

    def __post_init__(self) -> None:
        if not self.analyst.strip():
            raise DecisionError("say who decides: an analyst name (X-Analyst header, --analyst)")
        if not self.reason.strip():
            raise DecisionError("say why: every decision records a reason")

    def _id(self, action: Action, kind: str, members: Sequence[str]) -> str:
        key = [kind, action, self.analyst, self.at.isoformat(), *members]
        return f"resolutiondecision:{hashlib.sha256(chr(31).join(key).encode()).hexdigest()[:32]}"

    def _membership(self, ids: Sequence[str]) -> Plan[tuple[str, dict[str, str | None]]]:
        rows = yield ("resolve.membership", {"ids": list(ids)})
        found = {row["id"]: row for row in rows}
        missing = [i for i in ids if i not in found]
        if missing:
            raise DecisionError(f"no record with id {', '.join(missing)}")
        kinds = {kind for row in rows for kind in row["kinds"]}
        if len(kinds) != 1 or any(len(row["kinds"]) != 1 for row in rows):
            raise DecisionError(
                f"{', '.join(ids)}: decisions are on records of one type, Person, Organisation "
                f"or Account (found {sorted(kinds) or 'none'})"
            )
        return kinds.pop(), {i: found[i]["canonical"] for i in ids}

    def _state(self, ids: Sequence[str]) -> Plan[list[neo4j.Record]]:
        if not ids:
            return []
        rows = yield ("resolve.canonical_state", {"ids": list(ids)})
        return rows

    def _record(
        self,
        decision: str,
        action: Action,
        kind: str,
        members: Sequence[str],
        parts: Sequence[int],
        canonical: str | None,
        replaced: str,
    ) -> Plan[None]:
        source = analyst_source_id(self.analyst)
        yield (
            "resolve.source_save",
            {
                "id": source,
                "title": f"Entity-resolution decisions by {self.analyst}",
                "publisher": self.analyst,
                "loaded_at": self.at,
            },
        )
        props = {
            "id": decision,
            "sources": [source],
            "kind": kind,
            "action": action,
            "verdict": "confirm" if action == "confirm" else "reject",
            "members": list(members),
            "parts": list(parts),
            "analyst": self.analyst,
            "reason": self.reason,
            "decided_at": self.at,
            "canonical": canonical,
            "replaced": replaced,
        }
        yield ("resolve.decision_save", {"props": props})

    def _regroup(
        self,
        kind: str,
        state: list[neo4j.Record],
        groups: list[list[str]],
        joined: dict[str, dict[str, Any]],
        merged_by: str | None,
    ) -> Plan[list[str]]:
        """Replace the canonical entities in `state` by one for each group of two or more.

        Members keep their membership properties; records new to a group get `joined[record]`.
        """
        kept = {m["member"]: m["props"] for row in state for m in row["members"]}
        sources = {s for row in state for s in row["props"].get("sources") or []}
        if state:
            yield ("resolve.canonicals_delete", {"ids": [row["id"] for row in state]})
        created: list[str] = []
        for group in groups:
            if len(group) < 2:
                continue
            cid = canonical_id(kind, group)
            props = {
                "kind": kind,
                "member_count": len(group),
                "sources": sorted(sources | {analyst_source_id(self.analyst)}),
                "merged_by": merged_by,
            }
            rows = [
                {
                    "member": member,
                    "canonical": cid,
                    "props": {
                        k: v
                        for k, v in (kept[member] if member in kept else joined[member]).items()
                        if k != "loaded_at"
                    },
                }
                for member in sorted(group)
            ]
            canonical_rows = [{"id": cid, "props": props}]
            yield ("resolve.canonicals_save", {"rows": canonical_rows, "loaded_at": self.at})
            yield ("resolve.memberships_save", {"rows": rows, "loaded_at": self.at})
            yield ("resolve.canonicals_name", {"ids": [cid]})
            created.append(cid)
        return created

    def confirm(self, left: str, right: str) -> Plan[DecisionOutcome]:
        """`left` and `right` are one entity: join their groups into one canonical entity."""
        if left == right:
            raise DecisionError("confirm needs two different records")
        kind, canonicals = yield from self._membership([left, right])
        decision = self._id("confirm", kind, [left, right])
        current = canonicals[left]
        if current is not None and current == canonicals[right]:
            yield from self._record(decision, "confirm", kind, [left, right], [0, 0], current, "[]")
            return DecisionOutcome(decision, "confirm", kind, (left, right), (), ())
        old = sorted({c for c in canonicals.values() if c is not None})
        state = yield from self._state(old)
        group = sorted({left, right} | {m["member"] for row in state for m in row["members"]})
        joined = {
            member: {
                "kind": kind,
                "confidence": 1.0,
                "via": other,
                "decision": decision,
                "sources": [analyst_source_id(self.analyst)],
            }
            for member, other in ((left, right), (right, left))
        }
        created = yield from self._regroup(kind, state, [group], joined, decision)
        yield from self._record(
            decision, "confirm", kind, [left, right], [0, 0], created[0], dump_state(state)
        )
        return DecisionOutcome(decision, "confirm", kind, (left, right), tuple(old), tuple(created))

    def reject(self, left: str, right: str) -> Plan[DecisionOutcome]:
        """`left` and `right` are different entities; later runs never merge them."""
        if left == right:
            raise DecisionError("reject needs two different records")
        kind, canonicals = yield from self._membership([left, right])
        current = canonicals[left]
        if current is not None and current == canonicals[right]:
            raise DecisionError(
                f"{left} and {right} are both in resolved entity {current}: split one of them "
                "out of it, or unmerge it"
            )
        decision = self._id("reject", kind, [left, right])
        yield from self._record(decision, "reject", kind, [left, right], [0, 1], None, "[]")
        return DecisionOutcome(decision, "reject", kind, (left, right), (), ())

    def split(self, member: str) -> Plan[DecisionOutcome]:
        """Take `member` out of its canonical entity: it differs from every other member."""
        kind, canonicals = yield from self._membership([member])
        current = canonicals[member]
        if current is None:
            raise DecisionError(f"{member} is not part of any resolved entity: nothing to split")
        state = yield from self._state([current])
        rest = [m["member"] for m in state[0]["members"] if m["member"] != member]
        created = yield from self._regroup(kind, state, [rest], {}, None)
        decision = self._id("split", kind, [member, *rest])
        parts = [0] + [1] * len(rest)
        yield from self._record(
            decision, "split", kind, [member, *rest], parts, current, dump_state(state)
        )
        return DecisionOutcome(decision, "split", kind, (member, *rest), (current,), tuple(created))

    def unmerge(self, id: str) -> Plan[DecisionOutcome]:
        """Undo canonical entity `id` (or the one record `id` resolves to).

        If an analyst's confirm made it, the canonical entities that confirm replaced come back
        exactly; otherwise every member stands alone. The separated parts are rejected pairs.
        """
        state = yield from self._state([id])
        if not state:
            _, canonicals = yield from self._membership([id])
            if canonicals[id] is None:
                raise DecisionError(f"{id} is neither a resolved entity nor part of one")
            state = yield from self._state([str(canonicals[id])])
        current = str(state[0]["id"])
        kind = str(state[0]["props"]["kind"])
        members = [str(m["member"]) for m in state[0]["members"]]
        merged_by = state[0]["props"].get("merged_by")
        restored: list[dict[str, Any]] = []
        if merged_by:
            rows = yield ("resolve.decision_by_id", {"id": merged_by})
            restored = load_state(rows[0]["replaced"]) if rows else []
        yield ("resolve.canonicals_delete", {"ids": [current]})
        if restored:
            yield (
                "resolve.canonicals_restore",
                {"rows": [{"props": canonical["props"]} for canonical in restored]},
            )
            memberships = [
                {"member": m["member"], "canonical": canonical["id"], "props": m["props"]}
                for canonical in restored
                for m in canonical["members"]
            ]
            yield ("resolve.memberships_restore", {"rows": memberships})
        part_of = {m["member"]: i for i, c in enumerate(restored) for m in c["members"]}
        for member in members:
            part_of.setdefault(member, len(part_of) + len(restored))
        parts = [part_of[member] for member in members]
        decision = self._id("unmerge", kind, members)
        yield from self._record(
            decision, "unmerge", kind, members, parts, current, dump_state(state)
        )
        return DecisionOutcome(
            decision,
            "unmerge",
            kind,
            tuple(members),
            (current,),
            tuple(c["id"] for c in restored),
        )
