FROM node:22
WORKDIR /srv
COPY . .
RUN yarn install
CMD ["yarn", "start"]
