# review run 12 (rm-f-without-effect, laradock php-worker): the first RUN
# keeps an index that always lands (its fix waits for the readers, which
# its message names), so the final `rm /var/cache/apk/*` still finds
# files after the later --update adds get --no-cache: it stays as written.
# (Where the only remaining writer runs in an `if`, the -f is needed:
# tests/test_df007.c, test_rm_f_without_effect.)

ARG PHP_VERSION=8.2
FROM php:${PHP_VERSION}-alpine

RUN apk --update add wget curl git build-base; \
    if [ "$(php -r 'echo PHP_MAJOR_VERSION;')" = "5" ]; then \
      apk --update add libressl-dev; \
    else \
      apk --update add openssl-dev; \
    fi

ARG INSTALL_PHALCON=false
RUN if [ "$INSTALL_PHALCON" = true ]; then \
      apk update \
      && apk add --no-cache libpcre32 \
      && pecl install phalcon; \
    fi

ARG INSTALL_MSSQL=false
RUN set -eux; \
  if [ ${INSTALL_MSSQL} = true ]; then \
  apk add --no-cache gnupg; \
  curl -O https://example.org/msodbcsql.apk \
  && apk add --allow-untrusted msodbcsql.apk unixodbc-dev \
  ; fi

ARG INSTALL_INTL=false
RUN if [ ${INSTALL_INTL} = true ]; then \
    apk add icu-dev && \
    docker-php-ext-install intl \
;fi

# Clean up
RUN rm /var/cache/apk/* \
  && mkdir -p /var/www
