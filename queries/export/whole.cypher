// Returns one page of the whole graph as the caller may see it, in id order: at most $page
// visible nodes after $after, each as `id` and `node` (its node_view: properties, sources,
// origins and claims cut to the caller's $scope; temporal values as text, see portable_pairs).
// Their relationships come apart, from export.whole_edges. Visibility is the reviewed rule of
// queries/fragments/ (a node is visible when a visible source asserts it). Pages are index
// seeks on Entity.id, so a whole export reads each node once.
// params: after, page, scope
MATCH (n:Entity)
WHERE n.id > $after
  AND {{visible_node(n)}}
WITH n ORDER BY n.id LIMIT $page
WITH n, {{node_view(n)}} AS view
WITH n, view, view.properties AS pairs
RETURN n.id AS id, view {.*, properties: {{portable_pairs(pairs)}}} AS node
ORDER BY id
