FROM debian:bookworm-slim
COPY vendor/toolchain.tar.gz /tmp/
RUN tar -xzf /tmp/toolchain.tar.gz -C /opt && rm /tmp/toolchain.tar.gz
