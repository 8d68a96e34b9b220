# A workstation image in the style of containers/toolbox: the packages are
# installed in several RUNs and the cache is cleaned once, at the end, in a
# RUN of its own (which saves nothing: the metadata stays in the install
# layers). DF010 cleans in each install RUN and removes the final one.
FROM registry.fedoraproject.org/fedora:40 AS kept
# the swap reads the metadata and keeps it: nothing to clean, nothing removed
RUN dnf -y swap coreutils-single coreutils-full
RUN dnf -y install vim
RUN dnf clean all

FROM registry.fedoraproject.org/fedora:40

RUN sed -i '/tsflags=nodocs/d' /etc/dnf/dnf.conf

COPY docs-list /
RUN dnf -y reinstall $(<docs-list)
RUN rm /docs-list

COPY tools-list /
RUN dnf -y install $(<tools-list)
RUN rm /tools-list

# Clean up
RUN dnf clean all

CMD /bin/sh
