# A toolbox-like image: dnf swap RUNs read the metadata the upgrade left and
# keep it, so a clean after the upgrade would only move it into their
# layers (no fix); the installs after them read that earlier layer's
# metadata (left alone). The second stage cleans where it pays.
FROM registry.fedoraproject.org/fedora:38 AS toolbox
RUN dnf -y upgrade
RUN dnf -y swap coreutils-single coreutils-full
RUN dnf -y install vim
RUN dnf clean all

FROM centos:7
# the file joins its clean with `;`: the fix follows it, unsafe without set -e
RUN yum -y update; yum clean all
RUN yum -y install epel-release
RUN yum -y install python-pip; yum clean all
RUN yum -y install git && \
    git --version
