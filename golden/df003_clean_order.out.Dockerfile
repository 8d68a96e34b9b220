FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/*
CMD ["curl", "--version"]
