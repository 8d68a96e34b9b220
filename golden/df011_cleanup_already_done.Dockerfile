# review H (cleanup-already-done): the author removes the npm cache of
# USER app (home /app, from adduser -h) in the RUN after the install. DF011
# joins the removal into the install's RUN; DF009 adds no second cleanup.
# The global install as root (/root/.npm) still gets DF009's cleanup.
FROM node:20-alpine

RUN npm install -g bower

RUN addgroup -g 10001 app && adduser -D -G app -h /app -u 10001 app
WORKDIR /app
USER app

COPY package.json package.json
RUN npm install
RUN /bin/rm -rf .npm

CMD ["node", "server.js"]
