# nothing to change: DF007 stays silent or only advises
FROM alpine:3.20 AS build
RUN apk add build-base
FROM alpine:3.20
RUN apk add --no-cache curl
RUN --mount=type=cache,target=/var/cache/apk apk update && apk add jq
# hadolint ignore=DL3019
RUN apk add bash
RUN ["apk", "add", "zsh"]
COPY --from=build /usr/bin/make /usr/bin/make
