"""Getting data in: readers, loader mappings bound to the ontology, the loader and quarantine."""
