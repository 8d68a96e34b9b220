# syntax=docker/dockerfile:1.4
FROM node:lts AS app

# the heredoc runs without set -e: its status is its last command's
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends git
EOF

# with set -e a new last line is safe
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends curl
EOF

CMD ["npm", "start"]
