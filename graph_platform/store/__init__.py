"""Graph I/O: the records written, the writer, the named-query registry, schema and claims."""
