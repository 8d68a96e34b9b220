# The last stage's base is a stage picked by an ARG, as qdrant's Dockerfile
# does: DF024 judges every stage the FROM word can name.
ARG GPU

FROM debian:13-slim AS app-cpu

FROM ubuntu:22.04 AS app-gpu-nvidia
ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility

FROM app-${GPU:+gpu-}${GPU:-cpu} AS app
ARG USER_ID=0
RUN if [ "$USER_ID" != 0 ]; then \
        groupadd --gid "$USER_ID" app; \
        useradd --uid "$USER_ID" --gid "$USER_ID" -m app; \
    fi
CMD ["/app/server"]
