# Yarn 2+: cleaning the cache is only right with nodeLinker: node-modules
FROM node:20
RUN corepack enable
WORKDIR /app
COPY package.json yarn.lock .yarnrc.yml ./
RUN yarn install --immutable
CMD ["yarn", "start"]
