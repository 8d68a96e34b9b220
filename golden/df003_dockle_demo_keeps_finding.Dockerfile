# A folder that demonstrates dockle: its README shows dockle reporting
# DKL-DI-0005 "Clear apt-get caches" on this very line. DF003 reports it
# without a fix (the file's path names the linter).
FROM ubuntu:16.04

RUN apt-get update && apt-get install curl -y
