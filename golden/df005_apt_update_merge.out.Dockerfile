FROM debian:bookworm-slim
# refresh the package lists
# tools
RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends \
        curl \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*
CMD ["curl", "--version"]
