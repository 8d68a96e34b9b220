FROM opensuse/leap:15.6
RUN zypper --non-interactive refresh \
 && zypper -n in -y curl \
 && zypper clean --all \
 && curl --version
# hadolint ignore=DL3036
RUN zypper -n in -y git
RUN zypper -n in -y tar && zypper cc -a
