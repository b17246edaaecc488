// Expands to the map a read returns for a relationship, cut to the caller's scope: `type`,
// `source` and `target` ids, `complete` (every asserting source visible), `properties` as
// [key, value] pairs (confidence, seen-range and the type's own properties, only when
// complete: an edge keeps no per-source values; only `$scope.edge_fields` when the read is
// narrowed to them), the visible `sources` and their `origins`.
// arguments: edge
// params: scope
{
  type: type({{edge}}),
  source: startNode({{edge}}).id,
  target: endNode({{edge}}).id,
  complete: {{wholly_visible({{edge}})}},
  properties: CASE WHEN {{wholly_visible({{edge}})}}
    THEN [key IN keys({{edge}})
          WHERE NOT key IN ['sources', 'origins']
            AND ($scope.edge_fields IS NULL OR key IN $scope.edge_fields)
          | [key, {{edge}}[key]]]
    ELSE [] END,
  sources: [source IN coalesce({{edge}}.sources, [])
            WHERE $scope.sources IS NULL OR source IN $scope.sources],
  origins: [origin IN coalesce({{edge}}.origins, [])
            WHERE $scope.sources IS NULL
               OR any(source IN $scope.sources WHERE origin STARTS WITH source + ' @ ')]
}
