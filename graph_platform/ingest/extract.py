"""What a mapping's value specs take from one row, using value.py's transforms and parsing.

- Like a single-value evaluation, but a pattern, transform, map or template applies to each item
  of a list value (FtM's `country: ["de"]`), including a list `split:` made from a text cell.
- `map:` translates the source's words; a word the map lacks takes the `default`, and without
  one the row is quarantined naming the word and the map's words.
- Dates try each of the spec's `format`s in order and go to quarantine when none fits — a value
  is never read with a format it does not match. With `end_of_period` a month- or year-precision
  value (`Oct-19`, `2016`) becomes the last instant of that period.
- `when:` conditions test a value against `equals` / `in` / `not_in` / `present`.
- A JSON object is never a property value: it is refused with its reason.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from graph_platform.errors import ValueProblem
from graph_platform.ingest.mapping_spec import ConditionSpec, ValueSpec
from graph_platform.ingest.value import TRANSFORMS, date_problem, parse
from graph_platform.model import Property, PropertyType

_DAY_DIRECTIVES = ("%d", "%j", "%c", "%x")
_MONTH_DIRECTIVES = ("%m", "%b", "%B")


def _each(value: Any, step: Callable[[Any], Any]) -> Any:
    """`step` applied to a value, or to each item of a list (flattened, nulls dropped)."""
    if not isinstance(value, list):
        return step(value)
    found: list[Any] = []
    for element in value:
        result = step(element)
        found += result if isinstance(result, list) else [result]
    return [v for v in found if v is not None]


def _transform(transform: Callable[[str], Any], value: Any) -> Any:
    return transform(value) if isinstance(value, str) else value


def extract(spec: ValueSpec, row: Mapping[str, Any], item: Any = None) -> Any:
    """The raw value `spec` takes from `row` (and the current list item), before parsing:
    origin, then pattern, transforms and template, each applied item by item to a list."""
    value: Any
    if spec.column is not None:
        value = row.get(spec.column)
    elif spec.item:
        value = item
    else:
        value = spec.literal
    if spec.split is not None:
        value = _each(value, partial(_split, spec.split))
    if spec.pattern is not None:
        pattern = re.compile(spec.pattern)

        def search(text: Any) -> Any:
            if not isinstance(text, str):
                return text
            match = pattern.search(text)
            return (match.group(1) if match.groups() else match.group(0)) if match else None

        value = _each(value, search)
    for name in spec.transform:
        value = _each(value, partial(_transform, TRANSFORMS[name]))
    if spec.map is not None:
        value = _map(spec, value)
    template = spec.template
    if template is not None and (value is not None or (spec.column is None and not spec.item)):
        fields = dict(row)

        def fill(text: Any) -> str:
            try:
                return template.format_map({**fields, "value": text})
            except KeyError as error:
                raise ValueProblem(f"template needs column {error}") from error
            except (AttributeError, IndexError, ValueError) as error:
                raise ValueProblem(f"template {template!r}: {error}") from error

        value = _each(value, fill) if value is not None else fill(None)
    return value


def _split(separator: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return [part.strip() for part in value.split(separator) if part.strip()]


def _map(spec: ValueSpec, value: Any) -> Any:
    """The map's value for `value` (each item of a list; nulls take the default)."""
    if value is None or value == "" or value == []:
        return spec.default if spec.has_default else None

    def translate(word: Any) -> Any:
        found, mapped = spec.mapped(str(word))
        if found:
            return mapped
        if spec.has_default:
            return spec.default
        known = ", ".join(repr(k) for k in spec.map or {})
        raise ValueProblem(
            f"{word!r} is not in the map (its words: {known}) and there is no default"
        )

    return _each(value, translate)


def holds(condition: ConditionSpec, row: Mapping[str, Any], item: Any = None) -> bool:
    """True when the value `condition` takes from the row passes its test."""
    value = extract(condition, row, item)
    values = value if isinstance(value, list) else [value]
    values = [v for v in values if v not in (None, "")]
    if condition.present is not None:
        return bool(values) == condition.present
    if condition.equals is not None:
        return any(_same(v, condition.equals) for v in values)
    if condition.in_ is not None:
        return any(_same(v, c) for v in values for c in condition.in_)
    return not any(_same(v, c) for v in values for c in condition.not_in or ())


def _same(value: Any, expected: Any) -> bool:
    return bool(value == expected or str(value) == str(expected))


def end_of_period(value: datetime | date, fmt: str) -> datetime | date:
    """The last instant (or day) of the month or year a value read with `fmt` stands for."""
    if any(d in fmt for d in _DAY_DIRECTIVES):
        return value
    month = value.month if any(d in fmt for d in _MONTH_DIRECTIVES) else 12
    day = calendar.monthrange(value.year, month)[1]
    if isinstance(value, datetime):
        return datetime(value.year, month, day, 23, 59, 59, tzinfo=value.tzinfo or UTC)
    return date(value.year, month, day)


def _matches(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _parse_one(value: Any, prop: Property, spec: ValueSpec) -> Any:
    if isinstance(value, dict):
        raise ValueProblem("a JSON object where a value is expected")
    dated = prop.type in (PropertyType.DATE, PropertyType.DATETIME)
    if not spec.format or not dated or not isinstance(value, str):
        return parse(value, prop.type, False, spec.format[0] if spec.format else None)
    text = value.strip()
    for fmt in spec.format:
        if _matches(text, fmt):
            parsed = parse(text, prop.type, False, fmt)
            return end_of_period(parsed, fmt) if spec.end_of_period else parsed
    if len(spec.format) == 1:  # keeps value.py's reading of ISO text and its message
        return parse(text, prop.type, False, spec.format[0])
    raise date_problem(text, spec.format)


def parse_value(value: Any, prop: Property, spec: ValueSpec) -> Any:
    """`value` as the ontology type of `prop`: a list for a multiple-valued property."""
    if value is None:
        return None
    if prop.multiple:
        values = value if isinstance(value, list) else [value]
        return [_parse_one(v, prop, spec) for v in values if v is not None] or None
    if isinstance(value, list):
        if len(value) == 0:
            return None
        raise ValueProblem("a list where one value is expected")
    return _parse_one(value, prop, spec)
