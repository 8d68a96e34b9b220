ARG UBUNTU_VERSION=22.04
FROM ubuntu:$UBUNTU_VERSION AS build
RUN apt-get update && apt-get install -y build-essential git cmake
WORKDIR /app
COPY . .
RUN make

FROM ubuntu:$UBUNTU_VERSION AS base
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/lib/ /app

### Full: published with `docker build --target full`
FROM base AS full
COPY --from=build /app/full /app
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends git python3 python3-pip \
    && pip install -r requirements.txt \
    && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/app/tools.sh"]

### Light
FROM base AS light
COPY --from=build /app/full/llama-cli /app
WORKDIR /app
ENTRYPOINT [ "/app/llama-cli" ]
