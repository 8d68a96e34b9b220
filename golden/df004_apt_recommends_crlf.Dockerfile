FROM ubuntu:24.04
# CRLF file, leading operators
RUN apt-get update \
  && apt-get install -y \
       curl \
       python3 \
  && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y wget ca-certificates && rm -rf /var/lib/apt/lists/*
CMD ["/usr/local/bin/app"]
