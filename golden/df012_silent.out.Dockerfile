FROM debian:bookworm-slim
# URLs, git sources, archives and heredocs keep ADD
ADD https://example.com/tool.tar.gz /opt/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x /x
ADD git@github.com:moby/buildkit.git /src
ADD https://github.com/moby/buildkit.git#v0.10.1 /buildkit
ADD rootfs.tar.xz /
ADD vendor.tgz /opt/vendor/
ADD <<EOT /etc/motd
hello
EOT
# hadolint ignore=DL3020
ADD notes.txt /notes.txt
RUN true
