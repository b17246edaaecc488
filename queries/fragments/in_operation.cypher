// Expands to a predicate: the node is in the export scope of the influence operation $id as
// the caller may see it: the operation itself, a node it links to ($linked), a Source of its
// evidence ($evidence; both from export.operation_anchors), an account that is part of it, or a
// post of such an account. Membership holds only through relationships and accounts the caller
// may see (visible_edge, visible_node: $scope), so a hidden link never brings a node in.
// arguments: node
// params: id, linked, evidence
({{node}}.id = $id OR {{node}}.id IN $linked OR ({{node}}:Source AND {{node}}.id IN $evidence)
  OR ({{node}}:Account AND EXISTS {
    MATCH ({{node}})-[part:PART_OF]->(:InfluenceOperation {id: $id})
    WHERE {{visible_edge(part)}}
  })
  OR ({{node}}:Post AND EXISTS {
    MATCH ({{node}})<-[posted:POSTED]-(author:Account)-[part:PART_OF]->(:InfluenceOperation {id: $id})
    WHERE {{visible_edge(posted)}} AND {{visible_edge(part)}} AND {{visible_node(author)}}
  }))
