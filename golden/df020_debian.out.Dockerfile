FROM debian:bookworm-slim
RUN echo hi
COPY app /usr/local/bin/app
CMD ["app"]
