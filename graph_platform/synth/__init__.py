"""Seeded synthetic Twitter IO archives with planted operations, coordination and name variants."""

from graph_platform.synth.config import SynthConfig
from graph_platform.synth.generator import ReleaseFiles, SynthResult, generate
from graph_platform.synth.mint import snowflake_ms
from graph_platform.synth.timeline import TWEET_COLUMNS

__all__ = [
    "TWEET_COLUMNS",
    "ReleaseFiles",
    "SynthConfig",
    "SynthResult",
    "generate",
    "snowflake_ms",
]
