# Optional extensions, each behind a build argument: the archives are
# fetched inside the branch, so their removal belongs in that branch
# (review run11, laradock php-fpm).
FROM php:8.2-fpm

ARG INSTALL_PROBE=false
RUN if [ ${INSTALL_PROBE} = true ]; then \
    version=$(php -r "echo PHP_MAJOR_VERSION.PHP_MINOR_VERSION;") \
    && curl -A "Docker" -o /tmp/probe.tar.gz -L -s https://probe.example.org/php/$version \
    && tar zxpf /tmp/probe.tar.gz -C /tmp \
    && rm -f /tmp/probe.tar.gz \
    && mv /tmp/probe-*.so $(php -r "echo ini_get('extension_dir');")/probe.so \
;fi

ARG INSTALL_CLIENT=false
RUN if [ ${INSTALL_CLIENT} = true ]; then \
    curl -sS https://download.example.org/client-1.0.tgz -o /tmp/client.tar.gz && \
    tar -xzf /tmp/client.tar.gz -C /tmp/ && rm -f /tmp/client.tar.gz && \
    cp /tmp/client/client* /usr/local/bin && \
    chmod +x /usr/local/bin/client* \
;fi

ARG INSTALL_DECIMAL=false
RUN if [ ${INSTALL_DECIMAL} = true ]; then \
  if [ $(php -r "echo PHP_MAJOR_VERSION;") = "8" ]; then \
      curl -L -o /tmp/libdec.tar.gz "https://libdec.example.org/libdec-2.5.1.tar.gz"; \
      mkdir -p /tmp/libdec; \
      tar -C /tmp/libdec -zxvf /tmp/libdec.tar.gz --strip 1; \
      rm -f /tmp/libdec.tar.gz; \
      cd /tmp/libdec; \
      ./configure && make && make install; \
  else \
      apt-get install -yqq libmpdec-dev; \
  fi; \
  pecl install decimal; \
  docker-php-ext-enable decimal; \
fi

# fetched before the branch that unpacks it: removed after the fi
RUN curl -fsSL -o /tmp/tool.tar.gz https://tool.example.org/tool.tar.gz \
    && if [ "$(uname -m)" = x86_64 ]; then tar -xzf /tmp/tool.tar.gz -C /usr/local/bin; fi \
    && rm -f /tmp/tool.tar.gz
