# Multi-stage build of Dân vận. The build stage runs `cargo xtask dist`, which builds the
# web app (wasm32 target, wasm-bindgen, wasm-opt from npm) and the release server into
# target/dist/; the runtime stage is a slim Debian with that binary, the web app, libpq and
# CA certificates.

FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
# The web app's tooling (wasm-opt from npm binaryen) needs Node.js 20 or later; Debian
# bookworm has 18.
COPY --from=node:20-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && rustup target add wasm32-unknown-unknown
WORKDIR /src
COPY . .
RUN cargo xtask dist

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/danvan --create-home danvan
COPY --from=build /src/target/dist/danvan /usr/local/bin/danvan
COPY --from=build /src/target/dist/web /usr/share/danvan/web
USER danvan
WORKDIR /var/lib/danvan
# Two malloc arenas instead of one per thread: a third less memory under load, as fast
# (docs/performance.md).
ENV DANVAN_BIND=0.0.0.0:8080 \
    DANVAN_DATA_DIR=/var/lib/danvan \
    DANVAN_WEB_DIR=/usr/share/danvan/web \
    DANVAN_LOG_FORMAT=json \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["danvan"]
CMD ["serve"]
