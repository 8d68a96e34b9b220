FROM ubuntu:24.04
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl && \
    curl -fsSL https://example.org/tool.sh -o /usr/local/bin/tool && \
# clean up
    rm -rf /var/lib/apt/lists/*
RUN chmod +x /usr/local/bin/tool
ENTRYPOINT ["tool"]
