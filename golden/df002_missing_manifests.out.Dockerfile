FROM node:22
WORKDIR /srv
COPY package.json ./
RUN yarn install
COPY . .
CMD ["yarn", "start"]
