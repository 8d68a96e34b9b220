FROM alpine:3.20
COPY app.conf /etc/app.conf
COPY mystery /opt/mystery
RUN echo done