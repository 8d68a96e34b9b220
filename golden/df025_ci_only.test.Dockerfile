# review H (ci-only-image-cleanup, cache-filled-in-earlier-layer): a test
# Dockerfile (the name ends in test.Dockerfile) built only to run the suite:
# no CMD, the last step runs go test. A go cache cleanup there ships no
# byte less and slows the job: advice. Go comes from a tarball, so the
# module cache is /root/go/pkg/mod (Go's default GOPATH), not /go/pkg/mod.
FROM ubuntu:22.04

RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl git make \
    && rm -rf /var/lib/apt/lists/*

RUN curl -fsSLO https://go.dev/dl/go1.22.1.linux-amd64.tar.gz \
    && tar -C /usr/local -xzf go1.22.1.linux-amd64.tar.gz \
    && rm go1.22.1.linux-amd64.tar.gz
ENV PATH="/usr/local/go/bin:${PATH}"

WORKDIR /src
COPY . .
RUN go get ./...
RUN go test -v ./...
