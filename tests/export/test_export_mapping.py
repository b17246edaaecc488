"""Export mappings (exports/*.yaml): complete for the ontology, checked against each format's
vocabulary, and explicit about every field a format cannot carry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_platform.errors import DefinitionError
from graph_platform.export import FORMATS, load_mappings
from graph_platform.export.mapping import FormatMapping
from graph_platform.model import Model
from graph_platform.settings import Settings

#: Everything each format leaves out. A change to the ontology or to a mapping that drops more
#: (or less) must change this list, reviewed like the mapping.
CANNOT_CARRY = {
    "stix": [
        "Account.handle_key", "ActiveOn", "CoordinatedWith.evidence_kinds",
        "CoordinatedWith.evidence_objects", "CoordinatedWith.evidence_source_posts",
        "CoordinatedWith.evidence_source_times", "CoordinatedWith.evidence_target_posts",
        "CoordinatedWith.evidence_target_times", "CoordinationGroup", "CoordinationRun", "Hashtag",
        "Mentions", "Narrative", "OnPlatform", "Paid", "PaidTo", "Payment", "Platform", "Post",
        "Posted", "Promotes", "Quoted", "RepliedTo", "Reshared", "ResolutionDecision",
        "ResolvedEntity", "ResolvedTo", "SameAs", "Source.checkpoint_id",
        "Source.checkpoint_loaded_at", "Source.resolution_prior", "Source.resolution_prior_bits",
        "Source.resolution_prior_bounded", "Source.resolution_prior_method",
        "Source.resolution_prior_rule_pairs", "Source.resolution_run_at", "SuggestedPartOf",
        "Tagged", "provenance.claims",
    ],
    "ftm": [
        "Account.category", "Account.created_at", "Account.followers", "Account.following",
        "Account.handle_key", "Account.id_hashed", "Account.id_set_aside", "Account.language",
        "Account.platform_id", "Account.profile_url", "Account.reported_location", "ActiveOn",
        "AttributedTo", "CoordinatedWith", "CoordinationGroup", "CoordinationRun", "Domain",
        "Follows", "Funds", "Hashtag", "InfluenceOperation", "LinksTo", "Mentions", "Narrative",
        "OnDomain", "OnPlatform", "Organisation.kind", "PartOf", "Platform", "Post", "Posted",
        "Promotes", "Quoted", "RepliedTo", "Reshared", "ResolutionDecision", "ResolvedEntity",
        "ResolvedTo", "SameAs", "Source", "SubtechniqueOf", "SuggestedPartOf", "Tagged", "Targets",
        "Technique", "Url", "UsesTechnique",
        "provenance.claims", "provenance.confidence", "provenance.marking", "provenance.origins",
    ],
    "graphml": [],
    "gexf": [],
    "csv": [],
}  # fmt: skip


def test_every_format_lists_exactly_what_it_cannot_carry_with_a_reason(
    mappings: dict[str, FormatMapping],
) -> None:
    assert set(mappings) == set(FORMATS) == set(CANNOT_CARRY)
    for name, mapping in mappings.items():
        dropped = mapping.dropped()
        assert [d.what for d in dropped] == CANNOT_CARRY[name], name
        assert all(len(d.why) > 20 for d in dropped), name


def _copy(settings: Settings, tmp_path: Path) -> Path:
    target = tmp_path / "exports"
    shutil.copytree(settings.exports_dir, target)
    return target


def _problems(directory: Path, model: Model) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_mappings(directory, model)
    return [str(p) for p in caught.value.problems]


def test_a_property_the_ontology_adds_fails_until_each_typed_format_decides(
    settings: Settings, model: Model, tmp_path: Path
) -> None:
    directory = _copy(settings, tmp_path)
    stix = directory / "stix.yaml"
    stix.write_text(
        stix.read_text(encoding="utf-8").replace(
            "      followers: x_graph_platform_followers\n", ""
        ),
        encoding="utf-8",
    )
    assert _problems(directory, model) == [
        f"{stix}: nodes.Account.properties.followers: is not listed "
        "(suggestion: map it under properties, or say why under dropped)"
    ]


def test_unknown_types_and_properties_are_named_with_a_suggestion(
    settings: Settings, model: Model, tmp_path: Path
) -> None:
    directory = _copy(settings, tmp_path)
    ftm, stix = directory / "ftm.yaml", directory / "stix.yaml"
    ftm.write_text(
        ftm.read_text(encoding="utf-8").replace("  Hashtag:\n", "  Hashtags:\n"), encoding="utf-8"
    )
    text = stix.read_text(encoding="utf-8").replace("to: attack-pattern", "to: attack-patern")
    stix.write_text(text.replace("platform_id: user_id", "platfrom_id: user_id"), encoding="utf-8")
    problems = _problems(directory, model)
    assert (
        f"{ftm}: nodes.Hashtag: is not listed (suggestion: map it, or drop it with "
        "`drop: <why>`)" in problems
    )
    assert (
        f"{ftm}: nodes.Hashtags: is not a concrete type of the ontology (suggestion: "
        "did you mean 'Hashtag'?)" in problems
    )
    assert (
        f"{stix}: nodes.Account.platfrom_id: is not a property of Account (suggestion: "
        "did you mean 'platform_id'?)" in problems
    )


def test_each_format_checks_its_own_vocabulary(
    settings: Settings, model: Model, tmp_path: Path
) -> None:
    directory = _copy(settings, tmp_path)
    ftm, stix = directory / "ftm.yaml", directory / "stix.yaml"
    text = ftm.read_text(encoding="utf-8").replace("birth_date: birthDate", "birth_date: birthdate")
    ftm.write_text(text, encoding="utf-8")
    text = stix.read_text(encoding="utf-8").replace("to: attack-pattern", "to: attack-patern")
    stix.write_text(text.replace("handle: account_login", "handle: login"), encoding="utf-8")
    problems = _problems(directory, model)
    assert (
        f"{ftm}: nodes.Person.properties.birth_date: 'birthdate' is not a property of FtM "
        "Person" in problems
    )
    assert any(
        p.startswith(f"{stix}: nodes.Technique: STIX type 'attack-patern' is not supported")
        for p in problems
    )
    assert (
        f"{stix}: nodes.Account.properties.handle: 'login' is not a STIX property of "
        "user-account (suggestion: use a STIX property or x_graph_platform_handle)" in problems
    )
