// Returns the nodes the caller may see whose names or texts match a full-text (Lucene) query:
// `node` (a node_view map) and `score`, best first (ties by id), from $skip, at most $limit,
// and `total`: how many the caller may see in all. `$types` keeps nodes with any of these labels
// (null: any). The query text is built by the platform from the caller's words, every Lucene
// operator escaped.
// params: lucene, types, skip, limit, scope
CALL db.index.fulltext.queryNodes('gp_entity_text', $lucene) YIELD node, score
WHERE ($types IS NULL OR any(label IN labels(node) WHERE label IN $types))
  AND {{visible_node(node)}}
WITH node, score ORDER BY score DESC, node.id
WITH collect({node: node, score: score}) AS hits
UNWIND hits[$skip..$skip + $limit] AS hit
WITH hit.node AS node, hit.score AS score, size(hits) AS total
RETURN {{node_view(node)}} AS node, score, total
