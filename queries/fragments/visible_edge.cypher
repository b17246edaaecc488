// Expands to a predicate: the caller may see this relationship — its type is one the caller
// may see and at least one Source the caller may see asserts it (its ends are checked apart).
// arguments: edge
// params: scope
(($scope.rel_types IS NULL OR type({{edge}}) IN $scope.rel_types)
  AND ($scope.sources IS NULL OR any(source IN {{edge}}.sources WHERE source IN $scope.sources)))
