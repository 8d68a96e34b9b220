# a builder stage only gets advice; the shipped stage is fixed
FROM registry.access.redhat.com/ubi9/ubi-minimal AS tools
RUN microdnf install -y tar gzip

FROM registry.access.redhat.com/ubi9/ubi
RUN dnf -y update && \
    dnf -y install \
        gcc \
        make && \
    make -C /src install && \
    dnf clean all
RUN yum clean all && yum -y install git && yum clean all
RUN if [ "$(uname -m)" = x86_64 ]; then dnf install -y nasm && dnf clean all; fi
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y jq
RUN <<EOF
set -e
dnf install -y shadow-utils
dnf clean all
useradd app
EOF
RUN dnf install -y tar && dnf clean all
COPY --from=tools /usr/bin/tar /usr/local/bin/
USER app
