"""From an `Authorization` header to a Principal: an API key (`Bearer gpk_…`), or a JWT from the
configured identity provider. With no key in the graph and no identity provider configured the
platform is in open mode: every caller is the local operator (the CLI refuses to serve a
non-loopback address that way without an explicit flag).

Verified keys are remembered for a few seconds (`ttl`), so a request costs no extra query; a
revoked key stops working within that time.
"""

from __future__ import annotations

import hashlib
import time

import neo4j

from graph_platform.access.jwt_bearer import JwtBearer, Unauthenticated
from graph_platform.access.keys import parse_token, verify_key
from graph_platform.access.principal import OPERATOR, Principal
from graph_platform.access.ttl_cache import TtlValue
from graph_platform.store.queries import QueryRegistry


class Authenticator:
    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        queries: QueryRegistry,
        database: str,
        jwt: JwtBearer | None = None,
        ttl: float = 10.0,
    ) -> None:
        self.driver = driver
        self.queries = queries
        self.database = database
        self.jwt = jwt
        self.ttl = ttl
        self._verified: dict[str, tuple[float, Principal]] = {}

        async def keys_exist() -> bool:
            return bool(await queries.read_async(driver, database, "access.keys"))

        self._keys_exist = TtlValue(keys_exist, ttl)

    async def open_mode(self) -> bool:
        """True when nothing is configured to say who anyone is."""
        return self.jwt is None and not await self._keys_exist.get()

    async def principal(self, authorization: str | None) -> Principal:
        """Who presents `authorization`; Unauthenticated (with the reason) if nobody."""
        scheme, _, credential = (authorization or "").partition(" ")
        if not credential:
            if await self.open_mode():
                return OPERATOR
            raise Unauthenticated("no credential: send Authorization: Bearer <API key or JWT>")
        if scheme.lower() != "bearer":
            raise Unauthenticated(f"unsupported authorization scheme {scheme!r}: use Bearer")
        if parse_token(credential) is not None:
            return await self._key(credential)
        if self.jwt is None:
            raise Unauthenticated("not an API key, and no identity provider is configured")
        return self.jwt.verify(credential)

    async def _key(self, token: str) -> Principal:
        digest = hashlib.sha256(token.encode()).hexdigest()
        remembered = self._verified.get(digest)
        if remembered is not None and time.monotonic() - remembered[0] < self.ttl:
            return remembered[1]
        record = await verify_key(self.driver, self.queries, self.database, token)
        if record is None:
            self._verified.pop(digest, None)
            raise Unauthenticated("unknown, revoked or mistyped API key")
        if len(self._verified) > 10_000:
            self._verified.clear()
        self._verified[digest] = (time.monotonic(), record.principal)
        return record.principal

    def forget(self) -> None:
        """Check every key again on its next use (after a revoke, in tests)."""
        self._verified.clear()
        self._keys_exist.forget()
