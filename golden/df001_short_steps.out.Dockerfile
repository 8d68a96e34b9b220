FROM node:22-slim
ENV NODE_ENV=production
RUN groupadd -r app && \
# the service account, without a home
    useradd -r -g app -M app && \
    mkdir -p /srv/app && \
    ( cd /srv/app && echo "{}" > config.json ) && \
    chown -R app:app /srv/app
USER app
RUN mkdir -p /srv/app/cache
