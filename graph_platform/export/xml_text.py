"""Text for the XML formats (GraphML, GEXF): values as attribute text, safely escaped.

XML 1.0 cannot hold most control characters, which tweets and profiles do contain; each is
written as U+FFFD (the replacement character), the only change a value undergoes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph_platform.export.attributes import json_text, utc

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def attribute(value: str) -> str:
    """`value` as a quoted XML attribute value."""
    return quoteattr(_NOT_XML.sub("\ufffd", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def text(value: str) -> str:
    """`value` as XML element content."""
    return escape(_NOT_XML.sub("\ufffd", value))


def scalar(value: Any) -> str:
    """A property value as attribute text: booleans lower case, datetimes ISO 8601 in UTC,
    lists JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json_text(value)
    return str(value)
