MATCH (node) RETURN count(node) AS count
