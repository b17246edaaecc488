// Returns the nodes of $ids (one page of a scope given as its member ids, in that order) as
// export.whole does, with the relationships to nodes in $members (all the scope's ids). For
// scopes small enough to list: a neighbourhood, a canonical entity. Hidden nodes are left out
// ($visible: the Source ids the caller may see, null for all).
// params: ids, members, visible, incoming, incoming_targets, target_keys
UNWIND $ids AS member_id
MATCH (n:Entity {id: member_id})
WHERE $visible IS NULL OR n.id IN $visible OR any(s IN n.sources WHERE s IN $visible)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
  COLLECT {
    MATCH (n)-[r]->(m:Entity)
    WHERE m.id IN $members
      AND ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
      AND ($visible IS NULL OR m.id IN $visible OR any(s IN m.sources WHERE s IN $visible))
    RETURN {type: type(r), other: m.id, labels: labels(m), values: [k IN $target_keys | m[k]],
            props: properties(r)} AS edge
  } AS edges,
  COLLECT {
    UNWIND CASE WHEN any(l IN labels(n) WHERE l IN $incoming_targets) THEN [n] ELSE [] END AS t
    MATCH (t)<-[r:$any($incoming)]-(m:Entity)
    WHERE m.id IN $members
      AND ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
      AND ($visible IS NULL OR m.id IN $visible OR any(s IN m.sources WHERE s IN $visible))
    RETURN {type: type(r), other: m.id, labels: labels(m), values: [], props: properties(r)} AS edge
  } AS incoming
