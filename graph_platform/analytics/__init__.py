"""Coordination analytics: accounts that act together, found from the posts in the graph."""
