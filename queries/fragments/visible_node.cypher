// Expands to a predicate: the caller may see this node — its type is one the caller may see
// and at least one Source the caller may see asserts it. `$scope` is the caller's scope:
// {sources, labels, rel_types, fields}, each a list, or null for "no restriction".
// arguments: node
// params: scope
(($scope.labels IS NULL OR any(label IN labels({{node}}) WHERE label IN $scope.labels))
  AND ($scope.sources IS NULL OR any(source IN {{node}}.sources WHERE source IN $scope.sources)))
