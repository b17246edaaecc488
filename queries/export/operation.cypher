// Returns one page of an influence operation's scope in id order, as export.whole does (what
// the caller may see of it, by $scope): at most $page visible nodes after $after that are in
// the scope of the operation $id (queries/fragments/in_operation.cypher; $linked and
// $evidence from export.operation_anchors). Their relationships come apart, from
// export.operation_edges. Pages seek Entity.id and test each node, so a whole export reads the
// graph's index once, whatever the operation's size (a small operation in a big graph pays
// one scan).
// params: id, linked, evidence, after, page, scope
MATCH (n:Entity)
WHERE n.id > $after
  AND {{visible_node(n)}}
  AND {{in_operation(n)}}
WITH n ORDER BY n.id LIMIT $page
WITH n, {{node_view(n)}} AS view
WITH n, view, view.properties AS pairs
RETURN n.id AS id, view {.*, properties: {{portable_pairs(pairs)}}} AS node
ORDER BY id
