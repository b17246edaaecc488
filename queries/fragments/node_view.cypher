// Expands to the map a read returns for a node, cut to the caller's scope inside the query:
// `id`, `labels`, `complete` (every asserting source visible), `properties` as [key, value]
// pairs (all of them when complete, else only the id; bookkeeping keys apart; a partner's
// scope keeps only shareable fields, a narrowed read only the fields asked for), the visible
// `sources`, the `origins` and `claims` of visible sources, and for an incomplete node the
// reliability grade of each visible source
// (to choose among the claims). Nothing a hidden source alone asserts leaves the database.
// arguments: node
// params: scope
{
  id: {{node}}.id,
  labels: labels({{node}}),
  complete: {{wholly_visible({{node}})}},
  properties: CASE WHEN {{wholly_visible({{node}})}}
    THEN [key IN keys({{node}})
          WHERE NOT key IN ['sources', 'origins', '_claims']
            AND ($scope.fields IS NULL OR key = 'id' OR key IN $scope.fields)
          | [key, {{node}}[key]]]
    ELSE [['id', {{node}}.id]] END,
  sources: [source IN coalesce({{node}}.sources, [])
            WHERE $scope.sources IS NULL OR source IN $scope.sources],
  origins: [origin IN coalesce({{node}}.origins, [])
            WHERE $scope.sources IS NULL
               OR any(source IN $scope.sources WHERE origin STARTS WITH source + ' @ ')],
  claims: [claim IN coalesce({{node}}._claims, [])
           WHERE ($scope.sources IS NULL
                  OR any(source IN $scope.sources WHERE claim STARTS WITH '["' + source + '",'))
             AND ($scope.fields IS NULL
                  OR any(field IN $scope.fields WHERE claim CONTAINS '", "' + field + '", '))],
  grades: CASE WHEN {{wholly_visible({{node}})}} THEN [] ELSE COLLECT {
    MATCH (source:Source) WHERE source.id IN {{node}}.sources AND source.id IN $scope.sources
    RETURN [source.id, source.reliability]
  } END
}
