// Expands to a predicate: the relationship passes the caller's time and confidence filters.
// It overlaps [$since, $until] by its seen-range (an edge with no seen-range passes only when
// neither bound is given), it was valid `$as_of` (first seen on or before, last seen on or
// after; a missing bound is open), and its confidence is at least `$min_confidence` (an
// unstated confidence counts as 0). Each filter is off when its parameter is null.
// arguments: edge
// params: since, until, as_of, min_confidence
(($since IS NULL OR coalesce({{edge}}.last_seen, {{edge}}.first_seen) >= $since)
  AND ($until IS NULL OR coalesce({{edge}}.first_seen, {{edge}}.last_seen) <= $until)
  AND ($as_of IS NULL
       OR (coalesce({{edge}}.first_seen <= $as_of, true)
           AND coalesce({{edge}}.last_seen >= $as_of, true)))
  AND ($min_confidence IS NULL OR coalesce({{edge}}.confidence, 0.0) >= $min_confidence))
