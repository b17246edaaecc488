"""Linking post texts to known graph entities: gazetteer hits and statistical NER spans.

For each text, in `nlp.pipe` batches:
- an exact gazetteer hit (the EntityRuler, case-insensitive) links with EXACT_CONFIDENCE;
- a span statistical NER labels PERSON, ORG, GPE or NORP is looked up fuzzily in the gazetteer
  among the entities that label can name; a match links with FUZZY_CONFIDENCE × score / 100;
- a span with no gazetteer match is not linked: no entity is invented.
An ambiguous name (one name, several entities) links to each of them with the confidence divided
by their number, so the edges together claim no more than one entity would, and an analyst sees
every candidate. A text links to an entity once, with the best confidence its spans gave.
Links are left out of the text before NER: they are not names and cost time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from graph_platform.nlp.gazetteer import NER_LABELS, Gazetteer, GazetteerEntity
from graph_platform.nlp.inline import URL
from graph_platform.nlp.pipeline import PipelineSpec, build_nlp

EXACT_CONFIDENCE = 0.9
FUZZY_CONFIDENCE = 0.85
#: NER labels whose spans are looked up in the gazetteer.
LINKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CACHE_LIMIT = 100_000


@dataclass(frozen=True)
class Link:
    """A text names an entity: the entity's id, the confidence, how it was found, the span text."""

    entity_id: str
    confidence: float
    method: str  # "exact" | "fuzzy"
    text: str


def strip_links(text: str) -> str:
    """`text` with its URLs blanked out."""
    return URL.sub(" ", text)


class EntityLinker:
    """The pipeline for `spec` with the gazetteer's ruler, and the rules that turn spans into links.

    `EntityLinker(gazetteer, rule_based())` links by the gazetteer alone, without any statistical
    pipeline.
    """

    def __init__(self, gazetteer: Gazetteer, spec: PipelineSpec) -> None:
        self.gazetteer = gazetteer
        self.spec = spec
        self.nlp = build_nlp(spec, gazetteer)
        self._fuzzy: dict[tuple[str, str], list[tuple[str, float]]] = {}

    def link(self, texts: Sequence[str], batch_size: int = 256) -> list[list[Link]]:
        """The links of each text, in order."""
        docs = self.nlp.pipe((strip_links(text) for text in texts), batch_size=batch_size)
        return [self.links(doc) for doc in docs]

    def links(self, doc: Doc) -> list[Link]:
        """The links of one processed text, sorted by entity id."""
        best: dict[str, Link] = {}
        for ent in doc.ents:
            if ent.ent_id_:
                found = [(e, EXACT_CONFIDENCE) for e in self.gazetteer.lookup(ent.ent_id_)]
                method = "exact"
            elif ent.label_ in LINKED_LABELS:
                found = self._fuzzy_entities(ent.text, ent.label_)
                method = "fuzzy"
            else:
                continue
            for entity, confidence in found:
                share = round(confidence / len(found), 4)
                stored = best.get(entity.id)
                if stored is None or share > stored.confidence:
                    best[entity.id] = Link(entity.id, share, method, ent.text)
        return [best[entity_id] for entity_id in sorted(best)]

    def _fuzzy_entities(self, text: str, label: str) -> list[tuple[GazetteerEntity, float]]:
        """Entities of a type `label` can name, under the best fuzzy keys, with their confidence."""
        cache_key = (text, label)
        matches = self._fuzzy.get(cache_key)
        if matches is None:
            if len(self._fuzzy) >= _CACHE_LIMIT:
                self._fuzzy.clear()
            matches = self._fuzzy[cache_key] = self.gazetteer.fuzzy(text, label)
        found: dict[str, tuple[GazetteerEntity, float]] = {}
        for key, score in matches:
            for entity in self.gazetteer.lookup(key):
                if label in NER_LABELS.get(entity.type, ()):
                    found[entity.id] = (entity, FUZZY_CONFIDENCE * score / 100)
        return list(found.values())
