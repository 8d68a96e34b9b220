FROM debian:bookworm-slim
RUN ( cd /opt ) && \
    pwd > /where && \
    ( export PATH=/opt/bin:$PATH ) && \
    echo "$PATH" > /path
RUN --mount=type=secret,id=token cat /run/secrets/token > /dev/null
RUN mkdir /data
RUN ["mkdir", "/exec"]
RUN mkdir /after-exec
RUN <<EOF
mkdir /heredoc
EOF
RUN mkdir /after-heredoc && \
    service cron start
RUN mkdir /after-service && \
    { set -e; test -d /data; }
RUN mkdir /after-set
