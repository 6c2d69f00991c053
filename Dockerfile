# Multi-stage build of the danvan server. The build stage compiles the release binary
# (SQLite is bundled; libpq comes from Debian); the runtime stage is a slim Debian with
# only libpq and CA certificates.

FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release -p danvan-server && cp target/release/danvan /usr/local/bin/danvan

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/danvan --create-home danvan
COPY --from=build /usr/local/bin/danvan /usr/local/bin/danvan
USER danvan
WORKDIR /var/lib/danvan
ENV DANVAN_BIND=0.0.0.0:8080 \
    DANVAN_DATA_DIR=/var/lib/danvan \
    DANVAN_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["danvan"]
CMD ["serve"]
