FROM node:22-slim
WORKDIR /app
COPY . .
RUN corepack enable
RUN pnpm install --frozen-lockfile
RUN pnpm build
CMD ["node", "dist/server.js"]
