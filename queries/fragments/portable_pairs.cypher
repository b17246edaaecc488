// Expands to a view's `properties` ([key, value] pairs) with each temporal value as a one-key
// map of its ISO 8601 text ({datetime: …}, {local_datetime: …} or {date: …}): a property is
// never a map, so the map marks the value, and the reader parses the text in C instead of the
// driver building its own temporal objects in Python (most of an export's time on a big scope).
// arguments: pairs
// params:
[pair IN {{pairs}} | [pair[0], CASE
  WHEN pair[1] IS :: ZONED DATETIME NOT NULL THEN {datetime: toString(pair[1])}
  WHEN pair[1] IS :: LOCAL DATETIME NOT NULL THEN {local_datetime: toString(pair[1])}
  WHEN pair[1] IS :: DATE NOT NULL THEN {date: toString(pair[1])}
  ELSE pair[1] END]]
