FROM debian:bookworm
RUN echo hi
COPY app /usr/local/bin/app
CMD ["app"]
