// Returns the Source nodes the caller may see ($scope), as `id` and `props`, in id order: the
// publishers, titles, links and markings exports cite as provenance.
// params: scope
MATCH (source:Source)
WHERE {{visible_node(source)}}
RETURN source.id AS id, properties(source) AS props
ORDER BY id
