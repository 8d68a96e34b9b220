# review run 6: the author's cleanup stays and its add is silent; a
# separate `RUN apk update` gets the advice, not the adds after it; an add
# of packages an earlier --no-cache add installed still stores the index
FROM alpine:3.20 AS tools
RUN set -eux; \
    apk add --virtual .build-deps curl unzip; \
    curl -fsSL -o /tmp/r.zip https://example.org/r.zip; \
    apk del .build-deps ; \
    rm -rf /var/cache/apk/* ; \
    rm -rf /tmp/*
RUN apk update
RUN apk add git
RUN apk add python3
FROM alpine:3.20
RUN set -xe \
	&& apk add --no-cache --virtual .build-deps gcc make \
	&& make -C /src install \
	&& apk add --no-cache --virtual .rundeps \
		$runDeps \
		ca-certificates \
	&& apk del .build-deps
COPY --from=tools /usr/bin/git /usr/bin/git
