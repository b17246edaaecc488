# The GraphQL API of graph_platform (`graph-platform serve`); Neo4j runs in its own container,
# see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_platform ./graph_platform
RUN pip install .

# Definitions are data read at start-up; installed code would look for them in site-packages.
COPY ontology ./ontology
COPY loaders ./loaders
COPY queries ./queries
COPY resolution ./resolution
COPY exports ./exports
ENV GP_ONTOLOGY_DIR=/app/ontology \
    GP_LOADERS_DIR=/app/loaders \
    GP_QUERIES_DIR=/app/queries \
    GP_RESOLUTION_DIR=/app/resolution \
    GP_STATE_DIR=/var/lib/graph_platform \
    GP_API_HOST=0.0.0.0 \
    GP_API_PORT=8000

RUN useradd --system --create-home --home-dir /var/lib/graph_platform graph_platform
USER graph_platform
EXPOSE 8000
CMD ["graph-platform", "serve"]
