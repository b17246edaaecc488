// Returns the nodes of $ids (one page of a scope given as its member ids, sorted) the caller
// may see, in id order, as export.whole does. Their relationships come from
// export.members_edges. For scopes small enough to list: a neighbourhood, a canonical entity.
// params: ids, scope
UNWIND $ids AS member_id
MATCH (n:Entity {id: member_id})
WHERE {{visible_node(n)}}
WITH n, {{node_view(n)}} AS view
WITH n, view, view.properties AS pairs
RETURN n.id AS id, view {.*, properties: {{portable_pairs(pairs)}}} AS node
ORDER BY id
