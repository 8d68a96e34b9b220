FROM node:22
WORKDIR /app
COPY . ./service/
RUN cd service && npm ci --ignore-scripts
WORKDIR /app/service
CMD ["node", "index.js"]
