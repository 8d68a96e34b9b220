FROM ubuntu:24.04
# CRLF file, leading operators
RUN apt-get update \
  && apt-get install --no-install-recommends -y \
       curl \
       python3 \
       ca-certificates \
  && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install --no-install-recommends -y wget ca-certificates && rm -rf /var/lib/apt/lists/*
CMD ["/usr/local/bin/app"]
