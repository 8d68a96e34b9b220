FROM debian:bookworm AS build
# build-only stage: reported as info, not changed
RUN apt-get update && apt-get install -y --no-install-recommends gcc
RUN gcc -o /hello hello.c

FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends tzdata
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && apt-get dist-clean
# hadolint ignore=DL3009
RUN apt-get update && apt-get install -y --no-install-recommends jq
RUN ["apt-get", "install", "-y", "--no-install-recommends", "less"]
COPY --from=build /hello /hello
