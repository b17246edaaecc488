"""Exploring the graph for analysts and partners: lookups, relationship pages, search, filtered
lists, neighbourhoods, paths and attribution — each one named query (or a fixed few) run with
the caller's scope, which the queries apply inside their Cypher."""
