FROM centos:8 AS build
RUN dnf install -y gcc
FROM centos:centos7.9.2009
COPY --from=build /out /out
