# A runtime base that picks --no-install-recommends for one install, and a
# build base FROM it that keeps the recommends, as discourse_docker's
# image/base does: DF004 leaves the build base's installs to the author.
ARG RUBY_TAG=3.3-slim-bookworm
FROM ruby:${RUBY_TAG} AS runtime-base

RUN apt-get -y update && apt-get -y install \
      libjemalloc2 libpq5 logrotate sudo && \
    # without recommends: they pull in X11 libraries
    apt-get -y install --no-install-recommends \
      imagemagick && \
    rm -rf /var/lib/apt/lists/*

FROM runtime-base AS build-base
RUN --mount=type=tmpfs,target=/var/cache/apt \
    --mount=type=tmpfs,target=/var/lib/apt \
    apt-get -y update && apt-get -y install \
# gem build dependencies
    cmake g++ pkg-config patch \
    libtool \
    libxml2-dev \
# node
    nodejs

FROM build-base AS release
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
RUN apt-get -y update && apt-get -y install postgresql-client
CMD ["bundle", "exec", "puma"]
