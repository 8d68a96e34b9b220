# An install in a RUN that does not run apt-get update itself reads the lists
# an earlier RUN left in its layer: removing them there saves nothing, and
# `make dev-all` may still install with them. DF003 advises at the update.
FROM debian:bookworm
ENV DEBIAN_FRONTEND noninteractive
RUN set -x \
    && apt-get -yqq update \
    && apt-get -yqq dist-upgrade \
    && apt-get clean
CMD ["bash"]
RUN apt-get -yqq install --no-install-recommends git make cmake ca-certificates
RUN git clone https://github.com/example/scripts /tmp/scripts
RUN cd /tmp/scripts && git pull && make dev-all
