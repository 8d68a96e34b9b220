# syntax=docker/dockerfile:1
FROM node:22-slim
WORKDIR /app

# the whole app
COPY --chown=node:node . .

# dependencies
RUN npm ci --omit=dev
RUN npm run build
USER node
CMD ["node", "dist/server.js"]
