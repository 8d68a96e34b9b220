FROM ubuntu:18.04
RUN apt-get update; \
    apt-get install -y --no-install-recommends make gcc python-dev; \
    rm -rf /var/lib/apt/lists/*
RUN make -C /src
# the purge asks to continue, reads no answer and aborts; `;` goes on
RUN apt-get purge gcc python-dev; \
    apt-get autoremove; \
    apt-get clean
CMD ["/src/app"]
