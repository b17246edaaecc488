"""The browser side: the link chart at / and GraphiQL at /graphql, built from web/ (TypeScript)."""

from graph_platform.web.pages import STATIC_DIR, graphiql_page, web_routes

__all__ = ["STATIC_DIR", "graphiql_page", "web_routes"]
