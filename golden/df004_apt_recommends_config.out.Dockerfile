FROM debian:bookworm AS base
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99no-recommends

FROM base
# configured in the base stage: no finding
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm-slim
# python3-pip recommends a compiler: unsafe, only with --unsafe-fixes
RUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*
# hadolint ignore=DL3015
RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*
CMD ["/usr/local/bin/app"]
