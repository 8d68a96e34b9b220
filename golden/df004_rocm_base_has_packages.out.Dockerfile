# ROCm's dev images install ca-certificates, curl and build-essential
# themselves: on them `apt-get install -y libgomp1 curl` installs nothing,
# and DF004 has nothing to save. git is new there: the flag goes in, and
# no ca-certificates is added (the base has it).
ARG UBUNTU_VERSION=24.04
ARG ROCM_VERSION=6.3
ARG BASE_ROCM_DEV_CONTAINER=rocm/dev-ubuntu-${UBUNTU_VERSION}:${ROCM_VERSION}-complete

FROM ${BASE_ROCM_DEV_CONTAINER} AS base
RUN apt-get update \
    && apt-get install -y libgomp1 curl \
    && rm -rf /var/lib/apt/lists/*

FROM base AS full
RUN apt-get update \
    && apt-get install --no-install-recommends -y git \
    && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/app/tools.sh"]
