// Returns the Source nodes the caller may see ($visible: their ids, null for all), as `id` and
// `props`, in id order: the publishers, titles, links and markings exports cite as provenance.
// params: visible
MATCH (source:Source)
WHERE $visible IS NULL OR source.id IN $visible
RETURN source.id AS id, properties(source) AS props
ORDER BY id
