# An extension of an application image: a module is built against the
# application's headers, its build dependencies are purged again in the
# same RUN; the SMB client is for the application's external storage.
FROM nextcloud:apache

ARG MODULE_BUILD_DEPS="libsmbclient-dev"
ARG MODULE_RUN_DEPS=

USER root
RUN set -e; \
    apt-get update; \
    apt-get -y install $MODULE_BUILD_DEPS $MODULE_RUN_DEPS autoconf make; \
    pecl install smbclient; \
    docker-php-ext-enable smbclient; \
    apt-get -y purge --auto-remove $MODULE_BUILD_DEPS autoconf make; \
    rm -rf /var/lib/apt/lists/* /tmp/pear

RUN apt-get update && apt-get install --no-install-recommends -y procps smbclient samba-common-bin && rm -rf /var/lib/apt/lists/*
USER www-data
