"""Traffic Light Protocol 2.0 markings: the names, in order from the most to the least
shareable, and the STIX marking definitions that stand for them.

A Source's `marking` is one of these names. TLP 1.0's WHITE is 2.0's CLEAR; names are read in
any case, with or without "TLP:".
"""

from __future__ import annotations

from graph_platform.errors import InvalidArguments

TLP = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
_ALIASES = {"WHITE": "CLEAR", "AMBER STRICT": "AMBER+STRICT", "AMBER_STRICT": "AMBER+STRICT"}

#: The ids of the TLP marking definitions STIX predefines: TLP 1.0 (STIX 2.1 section 7.2.1.4)
#: and TLP 2.0 (the OASIS TLP 2.0 marking definitions). A bundle may name them without
#: including their definitions.
STIX_TLP_DEFINITIONS = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "CLEAR",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "GREEN",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "AMBER",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "RED",
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "CLEAR",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "GREEN",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "AMBER",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "AMBER+STRICT",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "RED",
}


def marking(text: str) -> str:
    """The TLP 2.0 name of `text` ("tlp:amber+strict" → "AMBER+STRICT"); an error lists them."""
    name = text.strip().upper().removeprefix("TLP:").strip()
    name = _ALIASES.get(name, name)
    if name not in TLP:
        raise InvalidArguments(f"{text!r} is not a TLP marking: one of {', '.join(TLP)}")
    return name


def strictest(names: list[str]) -> str | None:
    """The least shareable of TLP names, or None for none."""
    return max(names, key=TLP.index) if names else None
