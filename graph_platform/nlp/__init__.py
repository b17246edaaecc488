"""NLP enrichment: cheap inline extractors for loading, and the resumable NER stage.

Only the inline extractors are re-exported: they are what loading imports, and they must not pull
in spaCy. The NER stage lives in `graph_platform.nlp.stage` (with `gazetteer`, `pipeline`,
`linker` and `pool`).
"""

from graph_platform.nlp.inline import TRANSFORMS, domain, hashtags, mentions, normalise_url, urls
from graph_platform.nlp.language import language

__all__ = ["TRANSFORMS", "domain", "hashtags", "language", "mentions", "normalise_url", "urls"]
