"""Typed resolution settings, one reviewed YAML file per kind (resolution/Person.yaml).

A settings file says which record fields are compared and how each is prepared, the comparisons
with their similarity levels, the blocking rules that choose candidate pairs, how the model is
trained and the probability thresholds for merging and review. Unknown keys are rejected, and
every problem is reported with the file and the key it sits at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph_platform.errors import DefinitionError, Problem, validation_problems


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Spec):
    """A prepared field: read from `source` (default: its own name) and run through `normaliser`.

    With several sources (`[name, aliases]`) a `multiple` field holds the values of all of them,
    a single-valued one the first value found in the order given (`[birth_dates, birth_date]`),
    and, with `combine`, one value joins each source's normalised first value with "|"
    (`[platform, handle]` → "twitter|ten_gop": a handle scoped to its platform); a record
    lacking any of them has none. `unless` / `only_if` name a source field whose truthy
    value ("true", "1") empties / keeps the field (hashed ids are not clear ids).
    """

    source: str | tuple[str, ...] | None = None
    normaliser: str = "fold"
    multiple: bool = False
    combine: bool = False
    unless: str | None = None
    only_if: str | None = None

    @model_validator(mode="after")
    def _combine_joins_several(self) -> FieldSpec:
        several = isinstance(self.source, tuple) and len(self.source) > 1
        if self.combine and (self.multiple or not several):
            raise ValueError("combine joins several sources into one value: not multiple")
        return self

    def sources(self, name: str) -> tuple[str, ...]:
        if self.source is None:
            return (name,)
        return (self.source,) if isinstance(self.source, str) else self.source


class LevelSpec(_Spec):
    """One similarity level, tested in order: the first one a pair reaches is its level.

    Similarity comparators use `at_least`, distance comparators (edit counts) `at_most`. With
    `swap_with` the level compares this field with another one crosswise (given name ↔ surname).

    With `u` (and `m`) the level's probabilities are fixed (reviewed numbers, not learned): u
    among pairs of two entities, m among pairs of one; an m not given is learned by EM.
    With `comparator` the level tests the pairs no earlier level took with another comparator
    of the same field (an organisation's name: token subset, then partial spelling).
    """

    name: str
    comparator: str | None = None
    at_least: float | None = None
    at_most: float | None = None
    swap_with: str | None = None
    m: float | None = Field(default=None, gt=0, lt=1)
    u: float | None = Field(default=None, gt=0, lt=1)

    @model_validator(mode="after")
    def _one_bound(self) -> LevelSpec:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give exactly one of at_least (similarity) or at_most (distance)")
        if self.m is not None and self.u is None:
            raise ValueError("an m needs its u: fix u alone, or both")
        return self

    @property
    def higher_is_closer(self) -> bool:
        return self.at_least is not None


class ComparisonSpec(_Spec):
    """A comparison of one field: its comparator and levels; pairs reaching none are `else`.

    `term_frequency` weighs an exact agreement by how common the shared value is. Mode `share`
    takes u as the value's share of the field (Splink's adjustment, right for common values such
    as surnames); mode `other_carriers` as the share of *other* entities carrying it, counted
    within one `distinct_within` group — right for aliases, mostly carried by one entity, where
    sharing a unique alias is near-certain and one that k entities carry is not.
    When every level fixes u (or m), the `else` level gets the remainder (1 − Σu, 1 − Σm).
    With `best_of_value_pairs`, a pair's u is that of the best of the k value pairs it compares
    (two records of 15 aliases each compare 225 names; a close pair among them happens by
    chance about 225 times as often as between two single names): see `scoring.py`.
    """

    name: str
    field: str
    comparator: str
    levels: tuple[LevelSpec, ...] = Field(min_length=1)
    term_frequency: bool = False
    term_frequency_mode: Literal["share", "other_carriers"] = "share"
    # The best of several value pairs counts: u grows with how many pairs were compared.
    best_of_value_pairs: bool = False

    @model_validator(mode="after")
    def _one_direction(self) -> ComparisonSpec:
        if len({level.higher_is_closer for level in self.levels}) > 1:
            raise ValueError("mix of at_least and at_most levels; one comparator has one sense")
        for what in ("m", "u"):
            given = [getattr(level, what) for level in self.levels]
            if len({g is None for g in given}) > 1:
                raise ValueError(f"fix {what} on every level of a comparison, or on none")
            if given[0] is not None and sum(given) >= 1:
                raise ValueError(f"the levels' {what} must sum below 1 (else takes the rest)")
        return self

    @property
    def fixed_u(self) -> bool:
        return self.levels[0].u is not None

    @property
    def fixed_m(self) -> bool:
        return self.levels[0].m is not None


class BlockingRuleSpec(_Spec):
    """Records whose prepared `fields` are all equal become candidate pairs.

    With `unordered` the values match in any order (given name and surname swapped).
    """

    fields: tuple[str, ...] = Field(min_length=1)
    unordered: bool = False


class BlockingSpec(_Spec):
    rules: tuple[BlockingRuleSpec, ...] = Field(min_length=1)
    # A block (records sharing one key) larger than this yields no pairs: a key that common
    # (an empty-ish name, a default date) says nothing and would swamp the comparison.
    max_block_size: int = Field(default=1000, ge=2)


class TrainingSpec(_Spec):
    """How m, u and the prior are learned: u from random pairs, m by EM, the prior fixed here,
    estimated from deterministic `prior_rules` (pairs they find / `prior_recall`), or by EM; in
    every case held within `matches_per_record` (see `prior.py`)."""

    u_pairs: int = Field(default=300_000, ge=1000)
    seed: int = 1
    max_iterations: int = Field(default=50, ge=1)
    tolerance: float = Field(default=1e-5, gt=0)
    # How many pairs' worth of belief the starting m carries (keeps tiny inputs sane).
    prior_strength: float = Field(default=10.0, ge=0)
    # A fixed prior (share of comparable pairs that match) instead of the one EM learns.
    prior: float | None = Field(default=None, gt=0, lt=0.5)
    # Deterministic rules (fields equal, as blocking rules) whose pairs are near-certain matches,
    # and the share of all true pairs they are known to find.
    prior_rules: tuple[BlockingRuleSpec, ...] = ()
    prior_recall: float = Field(default=1.0, gt=0, le=1)
    # Bounds of the prior in matches per record: prior × comparable pairs / records.
    matches_per_record: tuple[float, float] = (0.01, 20.0)

    @model_validator(mode="after")
    def _bounds_ordered(self) -> TrainingSpec:
        low, high = self.matches_per_record
        if not 0 < low <= high:
            raise ValueError("matches_per_record must be two numbers, 0 < low <= high")
        if self.prior is not None and self.prior_rules:
            raise ValueError("give a fixed prior or prior_rules, not both")
        return self


class ThresholdSpec(_Spec):
    """Pairs at or above `match` merge; pairs in [`review`, `match`) go to the review queue."""

    match: float = Field(gt=0, lt=1)
    review: float = Field(gt=0, lt=1)

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdSpec:
        if self.review > self.match:
            raise ValueError("review must not exceed match")
        return self


class ClusteringSpec(_Spec):
    """Where clustering counts the prior (graph_platform/resolve/clustering.py): in each pair's
    weight (`every_pair`), or once per merge with a partition prior's factor (`once_per_merge`,
    for alias lists, where most pairs of one entity's names look unlike)."""

    prior: Literal["every_pair", "once_per_merge"] = "every_pair"


class ResolutionSettings(_Spec):
    """The settings of one kind. `distinct_within` names a field whose equal values mean two
    records cannot be the same entity (two rows of one deduplicated dataset: link-only)."""

    description: str
    fields: dict[str, FieldSpec] = Field(min_length=1)
    comparisons: tuple[ComparisonSpec, ...] = Field(min_length=1)
    blocking: BlockingSpec
    training: TrainingSpec = TrainingSpec()
    thresholds: ThresholdSpec
    clustering: ClusteringSpec = ClusteringSpec()
    distinct_within: str | None = None
    file: str = ""


def parse_settings(
    path: Path, comparators: set[str], normalisers: set[str], keyers: frozenset[str] = frozenset()
) -> ResolutionSettings:
    """Read and check one settings file; raise `DefinitionError` listing every problem.

    `keyers` are the normalisers that make several values of one (blocking keys per name part):
    a field using one must be multiple."""
    file = str(path)
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DefinitionError(file, [Problem(file, "-", f"cannot read: {error}")]) from error
    except yaml.YAMLError as error:
        raise DefinitionError(file, [Problem(file, "-", f"not valid YAML: {error}")]) from error
    if not isinstance(document, dict):
        raise DefinitionError(file, [Problem(file, "-", "must be a mapping of settings")])
    try:
        settings = ResolutionSettings.model_validate({**document, "file": file})
    except ValidationError as error:
        raise DefinitionError(file, validation_problems(error, file)) from error
    problems = _reference_problems(settings, file, comparators, normalisers | keyers)
    for name, spec in settings.fields.items():
        if spec.normaliser in keyers and not spec.multiple:
            key = f"fields.{name}.multiple"
            problems.append(Problem(file, key, f"{spec.normaliser!r} makes several values"))
    if problems:
        raise DefinitionError(file, problems)
    return settings


def _reference_problems(
    settings: ResolutionSettings, file: str, comparators: set[str], normalisers: set[str]
) -> list[Problem]:
    """Phase two: every field, comparator and normaliser named must exist."""
    problems: list[Problem] = []
    fields = set(settings.fields)

    def need(name: str, known: set[str], key: str, what: str) -> None:
        if name not in known:
            problems.append(Problem(file, key, f"unknown {what} {name!r}", _known(known)))

    for name, spec in settings.fields.items():
        need(spec.normaliser, normalisers, f"fields.{name}.normaliser", "normaliser")
    for i, comparison in enumerate(settings.comparisons):
        key = f"comparisons.{i}"
        need(comparison.field, fields, f"{key}.field", "field")
        need(comparison.comparator, comparators, f"{key}.comparator", "comparator")
        for j, level in enumerate(comparison.levels):
            if level.swap_with is not None:
                need(level.swap_with, fields, f"{key}.levels.{j}.swap_with", "field")
            if level.comparator is not None:
                need(level.comparator, comparators, f"{key}.levels.{j}.comparator", "comparator")
    names = [c.name for c in settings.comparisons]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(Problem(file, "comparisons", f"comparison name {name!r} used twice"))
    for i, rule in enumerate(settings.blocking.rules):
        for name in rule.fields:
            need(name, fields, f"blocking.rules.{i}.fields", "field")
        if sum(settings.fields[n].multiple for n in rule.fields if n in fields) > 1:
            problems.append(
                Problem(file, f"blocking.rules.{i}", "at most one multi-valued field per rule")
            )
    for i, rule in enumerate(settings.training.prior_rules):
        for name in rule.fields:
            need(name, fields, f"training.prior_rules.{i}.fields", "field")
    if settings.distinct_within is not None:
        need(settings.distinct_within, fields, "distinct_within", "field")
    return problems


def _known(names: set[str]) -> str:
    return "one of " + ", ".join(sorted(names))
