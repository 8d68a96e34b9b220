FROM golang:1.22 AS build
WORKDIR /src
COPY . .
# build stage: its caches never ship
RUN go build -o /out/app ./cmd/app

FROM debian:bookworm-slim
WORKDIR /opt

# a release tarball, extracted and left behind
RUN set -eux; \
    curl -fsSL -o node.tar.xz "https://nodejs.org/dist/v22.11.0/node-v22.11.0-linux-x64.tar.xz"; \
    tar -xJf node.tar.xz -C /usr/local --strip-components=1; \
    node --version

# a .deb installed from the download
RUN wget -q https://example.org/tool_1.0_amd64.deb \
 && dpkg -i tool_1.0_amd64.deb \
 && tool --version

# already clean: left alone
RUN curl -fsSLo /tmp/jq.tgz https://example.org/jq.tgz \
 && tar -xzf /tmp/jq.tgz -C /usr/local/bin \
 && rm /tmp/jq.tgz

# a binary downloaded where it belongs: the product, not a leftover
RUN curl -fsSLo /usr/local/bin/tini https://example.org/tini && chmod +x /usr/local/bin/tini

RUN gem install bundler -v 2.5.0

COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
