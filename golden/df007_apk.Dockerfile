# apk: --no-cache makes the update pointless
FROM alpine:3.20
RUN apk update && \
    apk add curl ca-certificates
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
 && make -C /src install \
 && apk del .build-deps
RUN <<EOF
set -eux
apk update
apk add tini
EOF
ONBUILD RUN sudo apk add --update git
CMD ["tini", "--", "sh"]
