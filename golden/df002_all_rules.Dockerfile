FROM node:22
WORKDIR /app
ADD . .
RUN apt-get update
RUN apt-get install -y curl
RUN npm ci
CMD ["node", "index.js"]
