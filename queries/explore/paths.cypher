// Returns the shortest paths between two nodes the caller may see, through relationships and
// nodes the caller may see: up to `k` of them (SHORTEST k: the shortest, then the next
// shortest …), each as `nodes` (node_view maps, in order) and `edges` (edge_view maps).
// `$rel_types` keeps these relationship types (null: all). A template: `k` and `max_hops`
// are whole numbers the platform checks (a quantifier's bounds cannot be parameters).
// slots: k, max_hops
// params: from, to, rel_types, scope
MATCH (start:Entity {id: $from})
WHERE {{visible_node(start)}}
MATCH (end:Entity {id: $to})
WHERE {{visible_node(end)}}
MATCH path = SHORTEST {{k}} (start)((step)-[edge]-(next)
    WHERE ($rel_types IS NULL OR type(edge) IN $rel_types)
      AND {{visible_edge(edge)}} AND {{visible_node(next)}}){1,{{max_hops}}}(end)
RETURN [node IN nodes(path) | {{node_view(node)}}] AS nodes,
       [edge IN relationships(path) | {{edge_view(edge)}}] AS edges
ORDER BY length(path)
