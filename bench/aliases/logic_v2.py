"""Scores pairs with OpenSanctions' `nomenklatura` logic-v2 matcher; runs in its own venv.

Reads one JSON object from stdin: {"records": {id: {"schema", "name", "country", "birthDate"}},
"pairs": [[a, b], ...]}; writes one JSON list of scores, one per pair: the better of the two
orders (logic-v2 weighs a query's extra name parts more than a result's, so the order matters;
the better one is the fairer to it). Default configuration, as yente runs it.
"""

from __future__ import annotations

import json
import sys

from followthemoney import model
from nomenklatura.matching import get_algorithm


def main() -> None:
    request = json.load(sys.stdin)
    algorithm = get_algorithm("logic-v2")
    config = algorithm.default_config()
    entities = {}
    for record_id, fields in request["records"].items():
        entity = model.make_entity(fields["schema"])
        entity.id = record_id
        entity.add("name", fields["name"])
        for prop in ("country", "birthDate"):
            for value in fields.get(prop) or []:
                entity.add(prop, value)
        entities[record_id] = entity
    scores = []
    for left, right in request["pairs"]:
        a, b = entities[left], entities[right]
        forward = algorithm.compare(a, b, config).score
        backward = algorithm.compare(b, a, config).score
        scores.append(max(forward, backward))
    json.dump(scores, sys.stdout)


if __name__ == "__main__":
    main()
