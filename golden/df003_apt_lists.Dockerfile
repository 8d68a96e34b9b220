# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
# system packages, one per line
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
        curl \
        ca-certificates
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends git; \
    git --version
ONBUILD RUN apt-get update && apt-get install -y --no-install-recommends make
CMD ["bash"]
