FROM debian:bookworm-slim
RUN apt-get update
ENV LANG=C.UTF-8
RUN apt-get install -y --no-install-recommends locales && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm-slim
RUN --mount=type=secret,id=netrc apt-get update
RUN apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
