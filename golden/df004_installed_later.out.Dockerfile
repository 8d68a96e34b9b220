# A test image for a C++ library: one package per RUN, all reading the
# package index of the first RUN; make is installed by its own RUN before
# the build runs it, valgrind runs the tests.
FROM ubuntu:22.04

RUN apt-get update && apt-get -y install --no-install-recommends cmake && \
    apt-get -y install --no-install-recommends g++ && \
    apt-get -y install --no-install-recommends libboost-dev && \
    apt-get -y install make && \
    apt-get -y install --no-install-recommends valgrind libc6-dbg && \
    rm -rf /var/lib/apt/lists/*

COPY . /src/
WORKDIR /src/build
RUN cmake -DENABLE_TESTING=ON .. && make -j2
CMD ["valgrind", "./tests"]
