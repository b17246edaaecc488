"""Who may read and change what: API keys and bearer JWTs, roles, TLP clearances turned into the
scope every read applies in its Cypher, per-key budgets, and the audit of every request."""
