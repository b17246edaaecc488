"""Bearer JWTs from an organisation's identity provider, instead of API keys.

The issuer, the audience and the signing keys (a JWKS: a local file, as closed networks need, or
an https URL of the identity provider) come from settings; the role and the clearance from two
claims (`gp_role`, `gp_clearance` unless configured otherwise). A token is accepted when its
signature verifies with a key of the JWKS (RS256/ES256/EdDSA: never "none" or a shared secret)
and its issuer, audience, expiry and not-before hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt

from graph_platform.access.principal import Principal, Role
from graph_platform.errors import ConfigurationError, InvalidArguments
from graph_platform.model.tlp import marking

ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "PS256", "EdDSA")


class Unauthenticated(Exception):
    """A credential was presented and does not hold; the message says why (for the log)."""


@dataclass
class JwtBearer:
    issuer: str
    audience: str
    jwks: str  # a path to a JWKS file, or an https URL
    role_claim: str = "gp_role"
    clearance_claim: str = "gp_clearance"
    _keys: jwt.PyJWKSet | None = field(default=None, init=False, repr=False)
    _client: jwt.PyJWKClient | None = field(default=None, init=False, repr=False)

    def _signing_key(self, token: str) -> Any:
        if self.jwks.startswith(("https://", "http://")):
            if self._client is None:
                self._client = jwt.PyJWKClient(self.jwks, cache_keys=True)
            return self._client.get_signing_key_from_jwt(token).key
        if self._keys is None:
            path = Path(self.jwks)
            try:
                self._keys = jwt.PyJWKSet.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, jwt.PyJWKSetError) as error:
                raise ConfigurationError(f"GP_JWT_JWKS {self.jwks}: {error}") from error
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self._keys.keys:
            if kid is None or key.key_id == kid:
                return key.key
        raise Unauthenticated(f"no key {kid!r} in the JWKS")

    def verify(self, token: str) -> Principal:
        """The caller a token names, or Unauthenticated saying why not."""
        try:
            claims = jwt.decode(
                token,
                self._signing_key(token),
                algorithms=list(ALGORITHMS),
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthenticated(f"bearer token refused: {error}") from None
        try:
            role = Role(str(claims.get(self.role_claim, "")))
            clearance = marking(str(claims.get(self.clearance_claim, "")))
        except (ValueError, InvalidArguments) as error:
            raise Unauthenticated(f"bearer token claims: {error}") from None
        subject = str(claims["sub"])
        return Principal(f"jwt:{subject}", str(claims.get("name", subject)), role, clearance, "jwt")
