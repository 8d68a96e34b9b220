FROM node:22
WORKDIR /app
COPY package.json yarn.lock .yarnrc.yml ./
COPY .yarn ./.yarn/
RUN yarn install --immutable
COPY . .
RUN yarn build
