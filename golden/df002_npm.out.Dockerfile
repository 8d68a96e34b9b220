# syntax=docker/dockerfile:1
FROM node:22-slim
WORKDIR /app

COPY --chown=node:node package.json package-lock.json ./
# dependencies
RUN npm ci --omit=dev

# the whole app
COPY --chown=node:node . .
RUN npm run build
USER node
CMD ["node", "dist/server.js"]
