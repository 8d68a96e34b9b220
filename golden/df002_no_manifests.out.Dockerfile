FROM node:22-alpine
WORKDIR /usr/src/app
COPY package.json package-lock.json* npm-shrinkwrap.json* .npmrc* yarn.lock* ./
RUN npm install --production
COPY . .
EXPOSE 3000
CMD ["node", "server.js"]
