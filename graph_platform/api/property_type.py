"""The GraphQL type of an ontology property: its scalar, nullable, or a list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import strawberry

from graph_platform.model import Property, PropertyType

#: The Python (hence GraphQL) scalar of each property type.
SCALARS: Mapping[PropertyType, type] = {
    PropertyType.STRING: str,
    PropertyType.NAME: str,
    PropertyType.TEXT: str,
    PropertyType.IDENTIFIER: str,
    PropertyType.URL: str,
    PropertyType.COUNTRY: str,
    PropertyType.LANGUAGE: str,
    PropertyType.INTEGER: int,
    PropertyType.FLOAT: float,
    PropertyType.BOOLEAN: bool,
    PropertyType.DATE: date,
    PropertyType.PARTIAL_DATE: str,
    PropertyType.DATETIME: datetime,
}


def graphql_type(prop: Property) -> Any:
    """`id` is an ID!; lists are never null (empty when unset); other values may be null."""
    scalar: Any = strawberry.ID if prop.name == "id" else SCALARS[prop.type]
    if prop.multiple:
        return list[scalar]
    return scalar if prop.name == "id" else scalar | None
