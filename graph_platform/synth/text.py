"""Tweet texts: sentences about people, places and organisations, and near-copies of a message.

Texts are built the way the archive shows them: hashtags inline as `#tag`, links as t.co short
links, retweets as `RT @handle: …` cut to 140 characters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from graph_platform.synth.vocabulary import (
    ADJECTIVES,
    EMOJI,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    PHRASES,
    PLACES,
    PUBLIC_FIGURES,
    SUBJECTS,
    T_CO_ALPHABET,
    TEMPLATES,
    VERBS,
)

_RETWEET_LIMIT = 140


@dataclass(frozen=True)
class Message:
    """A text and the language Twitter would detect for it (`und` when undetermined)."""

    text: str
    language: str


class TextMaker:
    """Draws texts from the vocabulary with the run's random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def t_co(self) -> str:
        return "https://t.co/" + "".join(self.rng.choices(T_CO_ALPHABET, k=10))

    def sentence(self) -> str:
        rng = self.rng
        figure, figure2 = rng.sample(PUBLIC_FIGURES, 2)
        text = rng.choice(TEMPLATES).format(
            figure=figure,
            figure2=figure2,
            person=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            place=rng.choice(PLACES),
            org=rng.choice(ORGANISATIONS),
            adj=rng.choice(ADJECTIVES),
            verb=rng.choice(VERBS),
            subject=rng.choice(SUBJECTS),
        )
        return text[0].upper() + text[1:]

    def message(self, language: str) -> Message:
        """A message in `language` when the vocabulary has phrases for it, else in English."""
        rng = self.rng
        phrases = PHRASES.get(language)
        if phrases and rng.random() < 0.7:
            text = rng.choice(phrases).format(
                place=rng.choice(PLACES),
                subject=rng.choice(SUBJECTS),
                figure=rng.choice(PUBLIC_FIGURES),
                org=rng.choice(ORGANISATIONS),
            )
            return Message(text, language)
        return Message(self.sentence(), "en")

    def compose(
        self, body: str, hashtags: list[str], links: int, mentions: list[str], newline: bool
    ) -> str:
        """Body with @mentions in front, #hashtags and `links` t.co links behind."""
        parts = [" ".join(f"@{m}" for m in mentions), body] if mentions else [body]
        if hashtags:
            parts.append(" ".join(f"#{h}" for h in hashtags))
        if self.rng.random() < 0.15:
            parts.append(self.rng.choice(EMOJI))
        parts += [self.t_co() for _ in range(links)]
        return ("\n" if newline else " ").join(p for p in parts if p)

    @staticmethod
    def retweet(handle: str, text: str) -> str:
        """`RT @handle: text`, cut to 140 characters with an ellipsis as Twitter did."""
        full = f"RT @{handle}: {text}"
        return full if len(full) <= _RETWEET_LIMIT else full[: _RETWEET_LIMIT - 1] + "…"

    def near_copy(self, text: str) -> str:
        """A near-identical copy: one or two small edits of case, punctuation, emoji or order."""
        rng = self.rng
        words = text.split(" ")
        edits = rng.sample(range(5), rng.randrange(1, 3))  # distinct: at most one swap
        for edit in edits:
            i = rng.randrange(len(words))
            if edit < 2 and words[i].startswith(("#", "@", "http")):
                continue  # entities keep their spelling; only the prose varies
            if edit == 0:
                words[i] = words[i].upper()
            elif edit == 1:
                words[i] = words[i].lower()
            elif edit == 2:
                words.append(rng.choice(EMOJI))
            elif edit == 3:
                words[-1] = words[-1].rstrip("!.?") + rng.choice(("!", "!!", ".", "?!"))
            elif len(words) > 3:
                j = min(i + 1, len(words) - 1)
                words[i], words[j] = words[j], words[i]
        return " ".join(words)
