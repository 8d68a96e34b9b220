# review H (apk-index-needed-later): a worker image with optional
# extensions. The first RUN keeps an index that every later plain add may
# read: `apk add icu-dev` is silent (the update of the PHALCON branch may
# have run), and without that branch it reads the first RUN's index. The
# first RUN waits; later --update adds are fixed, since the first RUN's
# index stays for the reader.
ARG PHP_VERSION=8.2
FROM php:${PHP_VERSION}-alpine

RUN apk --update add wget curl git build-base; \
    if [ "$(php -r 'echo PHP_MAJOR_VERSION;')" = "5" ]; then \
      apk --update add libressl-dev; \
    else \
      apk --update add openssl-dev; \
    fi

ARG INSTALL_BZ2=false
RUN if [ ${INSTALL_BZ2} = true ]; then \
  apk add --no-cache bzip2-dev; \
  docker-php-ext-install bz2; \
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
