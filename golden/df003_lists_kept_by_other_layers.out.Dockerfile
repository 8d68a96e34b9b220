FROM example.org/team/base:1 AS web
RUN curl -sL https://deb.nodesource.com/setup_20.x | bash -
RUN apt-get update && apt-get install -y --no-install-recommends nodejs
RUN apt install -y --no-install-recommends jq
RUN npm --version > /version

FROM debian:bookworm
COPY . /src
WORKDIR /src

RUN apt-get update -qq \
    && apt-get install -qq -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
ENV LANG C.UTF-8

RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends \
        make \
        cmake \
    && rm -rf /var/lib/apt/lists/*
RUN make -C /src

# clean
RUN apt-get -y clean \
    && rm -rf /src
COPY --from=web /version /version
