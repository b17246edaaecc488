"""The ground truth of a run: what was planted, in JSON beside the files, for evaluation.

- `operations`: one per release — its actor (canonical name), the affiliation the release index
  gives (a name variant), the country and every member account id;
- `actors`: each actor's canonical name and the variants the releases used;
- `handle_variants`: each persona's accounts (distinct ids, handles like TEN_GOP / ten_gop /
  TEN_GOP_) — one actor behind them;
- `coordinated_groups`: members, kind, and per event the time window opening, the shared value
  (URL, hashtag, retweeted tweet id or base text), the accounts and tweet ids; decoys that post
  the same value outside the window.
Times are UTC ISO 8601 with milliseconds; tweet ids are strings, as in the files.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph_platform.synth.plan import GroupPlan, RunPlan

FORMAT_VERSION = 1


def _at(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def _group(group: GroupPlan, window_seconds: int) -> dict[str, Any]:
    return {
        "id": group.id,
        "kind": group.kind,
        "release": group.id.rsplit(":", 1)[0],
        "window_seconds": window_seconds,
        "members": [a.userid for a in group.members],
        "leader": group.leader.userid if group.leader else None,
        "hashtag": group.hashtag,
        "events": [
            {
                "at": _at(e.at_ms),
                "value": str(e.target_tweet) if group.kind == "retweet" else e.value,
                "accounts": [a.userid for a in e.accounts],
                "tweets": [str(t) for t in e.tweets],
            }
            for e in group.events
        ],
        "decoys": [
            {
                "account": d.account.userid,
                "at": _at(d.at_ms),
                "value": d.value,
                "tweet": str(d.tweet),
            }
            for d in group.decoys
        ],
    }


def ground_truth(plan: RunPlan, files: list[dict[str, Any]]) -> dict[str, Any]:
    """The ground-truth document of a finished run (events carry the tweet ids written)."""
    config = plan.config
    settings = asdict(config)
    settings["start"] = config.start.isoformat()
    settings["accounts"] = config.total_accounts
    actors: dict[str, dict[str, Any]] = {}
    for release in plan.releases:
        entry = actors.setdefault(
            release.actor.key,
            {
                "key": release.actor.key,
                "canonical": release.actor.canonical,
                "country": release.actor.country,
                "variants": list(release.actor.names),
                "releases": [],
            },
        )
        entry["releases"].append({"release": release.release, "name": release.affiliation})
    return {
        "generator": "graph_platform.synth",
        "format_version": FORMAT_VERSION,
        "config": settings,
        "files": files,
        "operations": [
            {
                "release": r.release,
                "name": f"Twitter IO release {r.release}",
                "actor": r.actor.canonical,
                "affiliation": r.affiliation,
                "country": r.actor.country,
                "members": [a.userid for a in r.accounts],
            }
            for r in plan.releases
        ],
        "actors": list(actors.values()),
        "handle_variants": [
            {
                "persona": persona.handle,
                "actor": actor.canonical,
                "accounts": [
                    {
                        "release": release,
                        "userid": a.userid,
                        "handle": a.handle,
                        "display_name": a.display_name,
                    }
                    for release, a in accounts
                ],
            }
            for actor, persona, accounts in plan.personas
            if accounts
        ],
        "coordinated_groups": [
            _group(g, config.window_seconds) for r in plan.releases for g in r.groups
        ],
    }


def write_ground_truth(document: dict[str, Any], path: Path) -> None:
    """Write `document` as stable, readable JSON (same run, same bytes)."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
