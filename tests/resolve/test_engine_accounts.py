"""Account rules as the engine applies them from resolution/Account.yaml: ids, handles
across case and platforms, handle reuse, hashed ids only within one release."""

from __future__ import annotations

import pytest

from graph_platform.resolve.engine import load_settings, resolve, score_records
from graph_platform.resolve.resolution import FieldValue, Record
from graph_platform.resolve.resolution_settings import ResolutionSettings
from graph_platform.settings import Settings

RESOLUTION_DIR = Settings().resolution_dir

HASHED = "s3HDrwiR2ieNUE0anL8mOfYf5Rxp+KRpUF9i2M3kbQQ="


@pytest.fixture(scope="module")
def settings() -> ResolutionSettings:
    return load_settings("Account", RESOLUTION_DIR)


def _account(id: str, **fields: FieldValue) -> Record:
    return Record(id=id, kind="Account", fields=fields)


def _score(settings: ResolutionSettings, a: Record, b: Record) -> tuple[float, dict[str, str]]:
    """The pair's probability and the level each comparison reached (-1: not a candidate)."""
    scoring = score_records([a, b], settings)
    if not len(scoring.scores):
        return -1.0, {}
    names = [c.name for c in settings.comparisons]
    levels = scoring.model.level_names
    reached = {
        name: (levels[c] + ("null",))[int(level)]
        for c, (name, level) in enumerate(zip(names, scoring.scores.levels[0], strict=True))
    }
    return float(scoring.scores.probability[0]), reached


def test_same_handle_same_platform_matches_case_insensitively(settings: ResolutionSettings) -> None:
    p, levels = _score(
        settings,
        _account("a", platform="twitter", handle="@TEN_GOP"),
        _account("b", platform="twitter", handle="ten_gop"),
    )
    assert p > 0.98
    assert (levels["handle"], levels["handle_on_platform"]) == ("same", "same")
    resolution = resolve(
        [
            _account("a", platform="twitter", handle="@TEN_GOP"),
            _account("b", platform="twitter", handle="ten_gop"),
        ],
        settings,
    )
    assert [c.members for c in resolution.clusters] == [("a", "b")]


def test_cross_platform_handle_is_less_certain(settings: ResolutionSettings) -> None:
    same, _ = _score(
        settings,
        _account("a", platform="twitter", handle="TEN_GOP"),
        _account("b", platform="twitter", handle="ten_gop"),
    )
    cross, levels = _score(
        settings,
        _account("a", platform="twitter", handle="TEN_GOP"),
        _account("c", platform="facebook", handle="ten_gop"),
    )
    assert cross < 0.5 < same
    assert (levels["handle"], levels["handle_on_platform"]) == ("same", "else")
    richer, levels = _score(
        settings,
        _account(
            "a",
            platform="twitter",
            handle="TEN_GOP",
            display_name="Tennessee GOP",
            profile_url="https://www.tngop.org/",
        ),
        _account(
            "c",
            platform="facebook",
            handle="ten_gop",
            display_name="tennessee gop",
            profile_url="http://tngop.org",
        ),
    )
    assert richer > 0.99
    assert (levels["display_name"], levels["profile_url"]) == ("same", "same")


def test_same_platform_id_is_near_certain_despite_a_renamed_handle(
    settings: ResolutionSettings,
) -> None:
    p, levels = _score(
        settings,
        _account("a", platform="twitter", platform_id="4224729994", handle="TEN_GOP"),
        _account("b", platform="twitter", platform_id="4224729994", handle="TEN_GOP_2"),
    )
    assert p > 0.999
    assert levels["platform_id"] == "same"


def test_handle_reuse_with_different_ids_is_two_accounts(settings: ResolutionSettings) -> None:
    p, levels = _score(
        settings,
        _account("a", platform="twitter", platform_id="4224729994", handle="TEN_GOP"),
        _account("b", platform="twitter", platform_id="1111111111", handle="ten_gop"),
    )
    assert p < 0.001
    assert (levels["platform_id"], levels["handle"]) == ("same_platform_other_id", "same")


def test_hashed_ids_compare_only_within_one_release(settings: ResolutionSettings) -> None:
    same_release, levels = _score(
        settings,
        _account("a", platform="twitter", platform_id=HASHED, id_hashed="true", release="r1"),
        _account("b", platform="twitter", platform_id=HASHED, id_hashed="true", release="r1"),
    )
    assert same_release > 0.9998 and levels["hashed_id"] == "same_in_release"
    for releases in (("r1", "r2"), (None, None)):
        other, _ = _score(
            settings,
            *(
                _account(
                    name,
                    platform="twitter",
                    platform_id=HASHED,
                    handle=HASHED,
                    display_name=HASHED,
                    id_hashed="true",
                    release=release,
                )
                for name, release in zip("ab", releases, strict=True)
            ),
        )
        assert other == -1.0  # never even a candidate: nothing comparable
