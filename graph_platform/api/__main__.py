"""`python -m graph_platform.api`: regenerate the committed schema.graphql from the ontology."""

from graph_platform.api.schema import write_schema_file
from graph_platform.runtime import Runtime

print(f"wrote {write_schema_file(Runtime().model)}")
