# A test image for a C++ library: one package per RUN, all reading the
# package index of the first RUN; make is installed by its own RUN before
# the build runs it, valgrind runs the tests.
FROM ubuntu:22.04

RUN apt-get update

RUN apt-get -y install cmake
RUN apt-get -y install g++
RUN apt-get -y install libboost-dev
RUN apt-get -y install make
RUN apt-get -y install valgrind

COPY . /src/
WORKDIR /src/build
RUN cmake -DENABLE_TESTING=ON .. && make -j2
CMD ["valgrind", "./tests"]
