# DF004 where no recommend would be installed (review run13 R3, class
# df004-saves-nothing)
FROM rustlang/rust:nightly AS musl
# buildpack-deps has gcc, curl, make and pkgconf; musl-dev's own recommend,
# linux-musl-dev, has no installation candidate; cmake's gcc and make are
# there: the flag changes no byte
RUN apt-get update && \
    apt-get install \
        curl \
        gcc \
        musl-tools \
        make \
        musl-dev \
        pkgconf \
        cmake \
-y
RUN rustup target add x86_64-unknown-linux-musl

FROM ocaml/opam:debian-ocaml-5.1 AS ocaml
USER root
# Debian stable: pkg-config is a transitional package to pkgconf
RUN apt-get update && apt-get install -y libgmp-dev libev-dev pkg-config libssl-dev && rm -rf /var/lib/apt/lists/*

FROM debian:bullseye-slim
# Debian 11: pkg-config depends on libglib2.0-0, which has recommends
RUN apt-get update && apt-get install --no-install-recommends -y pkg-config musl-dev && rm -rf /var/lib/apt/lists/*
COPY --from=musl /usr/local/cargo/bin/app /app
COPY --from=ocaml /home/opam/app.exe /app.exe
CMD ["/app"]
