FROM debian:bookworm-slim

# the lists stay: the entrypoint installs $EXTRA_PACKAGES when the container starts
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && apt-get clean

COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["curl", "--version"]
