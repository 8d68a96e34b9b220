# libtool without automake: its only recommend, libltdl-dev, brings automake
# and autoconf, which ./autogen.sh (autoreconf) needs: DF004 adds it back
# with the flag, on a line of its own like the other packages.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y \
        gcc \
        make \
        libtool \
        pkg-config \
        libc6-dev \
        libltdl-dev \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
RUN ./autogen.sh && ./configure && make && make install
CMD ["tool"]
