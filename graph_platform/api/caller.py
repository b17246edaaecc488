"""`me`: who the API takes the caller to be — name, role, clearance and what that allows — so a
client (the link chart) shows only the actions the key may take, instead of learning it from a
FORBIDDEN answer."""

from __future__ import annotations

from typing import Any

import strawberry

from graph_platform.access.principal import Principal
from graph_platform.api.type_factory import Member, TypeFactory, member
from graph_platform.model.tlp import TLP


@strawberry.type(description="The authenticated caller, as the API sees them.")
class Caller:
    name: str = strawberry.field(
        description="The key's holder, the token's subject, or the local operator (open mode)."
    )
    role: str = strawberry.field(description="admin, analyst or partner.")
    clearance: str = strawberry.field(
        description=f"The highest TLP marking ({', '.join(TLP)}) whose sources this caller "
        "sees; what only more restricted sources assert is absent from every answer."
    )
    via: str = strawberry.field(description="How they were authenticated: key, jwt or open.")
    may_decide: bool = strawberry.field(
        description="Whether they may record entity-resolution and coordination decisions."
    )

    @classmethod
    def of(cls, principal: Principal) -> Caller:
        return cls(
            name=principal.name,
            role=principal.role.value,
            clearance=principal.clearance,
            via=principal.via,
            may_decide=principal.may_decide,
        )


def resolve_me(info: strawberry.Info[Any, None]) -> Caller:
    return Caller.of(info.context.principal)


def caller_fields(factory: TypeFactory) -> dict[str, Member]:
    """The root query field `me`."""
    factory.add(Caller)
    return {"me": member("Caller", resolve_me, "Who the API takes the caller to be.")}
