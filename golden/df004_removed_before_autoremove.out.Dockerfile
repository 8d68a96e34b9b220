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
# graphviz stays and pulls recommends: git's ca-certificates, named,
# stays after the autoremove, as it does in the original (apt recommends
# it): a fix
RUN apt-get update && \
    apt-get install --no-install-recommends -y yasm git graphviz build-essential ca-certificates && \
    git clone https://github.com/yasm/yasm /src && \
    rm -rf /src && \
    apt-get remove -y git build-essential && \
    apt-get autoremove -y && \
    rm -rf /var/lib/apt/lists/*
# graphviz stays: gcc's libc6-dev, named, would outlive the autoremove (it
# goes with it in the original): advice, saying what to do instead
RUN apt-get update && \
    apt-get install -y graphviz gcc && \
    cc -o /usr/local/bin/x /x.c && \
    apt-get remove -y gcc && \
    apt-get autoremove -y && \
    rm -rf /var/lib/apt/lists/*
CMD ["ffmpeg"]
