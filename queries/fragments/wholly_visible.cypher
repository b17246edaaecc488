// Expands to a predicate: every Source that asserts this node or relationship is one the caller
// may see, so every value on it is theirs to see (the values of a record asserted also by a
// hidden source are shown only through the claims of visible sources).
// arguments: record
// params: scope
($scope.sources IS NULL OR all(source IN {{record}}.sources WHERE source IN $scope.sources))
