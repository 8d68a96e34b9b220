# ubuntu has no slim sibling in the data: silent
FROM ubuntu:24.04
RUN echo hi
