"""graph_platform: a knowledge-graph platform for social-media intelligence on Neo4j."""

__version__ = "0.1.0"
