FROM debian:bookworm-slim
# refresh the package lists
RUN apt-get update -qq

# tools
RUN apt-get install -y --no-install-recommends \
        curl \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*
CMD ["curl", "--version"]
