# DF004 and build tools the RUN removes again before an autoremove
# (review run13 R3, mozilla speech-proxy).
FROM debian:bookworm-slim
# jq stays and has no recommends: the recommends of git and
# build-essential go with the autoremove, the flag saves nothing
RUN apt-get update && \
    apt-get install -y jq git build-essential && \
    git clone https://github.com/FFmpeg/FFmpeg /src && \
    cd /src && ./configure && make && make install && \
    rm -rf /src && \
    apt-get remove -y git build-essential && \
    apt-get autoremove -y && \
    rm -rf /var/lib/apt/lists/*
# yasm stays: git's ca-certificates, named, would outlive the autoremove
RUN apt-get update && \
    apt-get install -y yasm git gcc build-essential && \
    git clone https://github.com/yasm/yasm /src && \
    rm -rf /src && \
    apt-get remove -y git build-essential && \
    apt-get autoremove -y && \
    rm -rf /var/lib/apt/lists/*
CMD ["ffmpeg"]
