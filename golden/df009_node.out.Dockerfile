# the builder's cache is not shipped: advice only; the final stage is fixed
FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && \
    npm i -g pm2 && \
    npm cache clean --force
RUN if [ -f yarn.lock ]; then yarn install --production && yarn cache clean; fi
RUN --mount=type=cache,target=/root/.npm npm i -g serve
RUN pnpm install --prod \
  && pnpm store prune
COPY --from=build /app/dist ./dist
CMD ["pm2-runtime", "dist/server.js"]
