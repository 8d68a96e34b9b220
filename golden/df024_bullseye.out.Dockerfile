FROM alpine:3.20 AS tools
# BusyBox adduser: nothing to say
RUN adduser -D -u 150000 tool

FROM debian:bullseye-slim

ARG UID=1000
# a CI user with the runner's uid
RUN groupadd --gid "$UID" ci \
 && useradd --no-log-init --create-home --uid "$UID" --gid ci ci

# the first uid (docker-node's bullseye-slim): 0.3 MB, shown, not applied
RUN groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node

# a system uid: under 1 MB too; 2000 has -l already
RUN useradd -r -s /usr/sbin/nologin svc && \
    useradd -lm -u 2000 already

# Debian's adduser has no --no-log-init: advice only
RUN adduser --disabled-password --gecos '' --uid 150000 big
