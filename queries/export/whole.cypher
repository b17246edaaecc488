// Returns one page of the whole graph in id order: each visible node after $after (`id`,
// `labels`, `props`), `edges` (its outgoing relationships to visible nodes) and `incoming` (its
// incoming relationships whose type is in $incoming, read for nodes labelled one of
// $incoming_targets: formats that carry such an edge on its target, an FtM payment its payer).
// An edge is {type, other: the other end's id, labels: its labels, values: its properties
// named in $target_keys, props}. $visible lists the Source ids the caller may see (null: all);
// a node or relationship is visible when one of its sources is (a Source, when it is itself).
// Pages are index seeks on Entity.id, so a whole export reads each node once.
// params: after, page, visible, incoming, incoming_targets, target_keys
MATCH (n:Entity)
WHERE n.id > $after
  AND ($visible IS NULL OR n.id IN $visible OR any(s IN n.sources WHERE s IN $visible))
WITH n ORDER BY n.id LIMIT $page
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
  COLLECT {
    MATCH (n)-[r]->(m:Entity)
    WHERE ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
      AND ($visible IS NULL OR m.id IN $visible OR any(s IN m.sources WHERE s IN $visible))
    RETURN {type: type(r), other: m.id, labels: labels(m), values: [k IN $target_keys | m[k]],
            props: properties(r)} AS edge
  } AS edges,
  COLLECT {
    UNWIND CASE WHEN any(l IN labels(n) WHERE l IN $incoming_targets) THEN [n] ELSE [] END AS t
    MATCH (t)<-[r:$any($incoming)]-(m:Entity)
    WHERE ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
      AND ($visible IS NULL OR m.id IN $visible OR any(s IN m.sources WHERE s IN $visible))
    RETURN {type: type(r), other: m.id, labels: labels(m), values: [], props: properties(r)} AS edge
  } AS incoming
