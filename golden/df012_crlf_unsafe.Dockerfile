FROM alpine:3.20
ADD app.conf /etc/app.conf
ADD mystery /opt/mystery
RUN echo done