ARG BASE=centos:7
ARG OTHER
FROM ${BASE} AS base
FROM ${OTHER} AS other
FROM scratch
COPY --from=base /etc/os-release /
