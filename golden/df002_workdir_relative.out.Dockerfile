FROM node:22
WORKDIR /app
COPY package.json package-lock.json ./service/
RUN cd service && npm ci --ignore-scripts
COPY . ./service/
WORKDIR /app/service
CMD ["node", "index.js"]
