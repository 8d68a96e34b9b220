# apk: --no-cache makes the update pointless
FROM alpine:3.20
RUN apk add --no-cache curl ca-certificates
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
 && make -C /src install \
 && apk del .build-deps
RUN <<EOF
set -eux
apk add --no-cache tini
EOF
ONBUILD RUN sudo apk add --no-cache git
CMD ["tini", "--", "sh"]
