# apk: --no-cache makes the update and the cache removal pointless
FROM alpine:3.20
RUN apk update && \
    apk add curl ca-certificates && \
    rm -rf /var/cache/apk/*
RUN apk add --virtual .build-deps gcc musl-dev \
 && make -C /src install \
 && apk del .build-deps
RUN <<EOF
set -eux
apk update
apk add tini
EOF
ONBUILD RUN sudo apk add git
CMD ["tini", "--", "sh"]
