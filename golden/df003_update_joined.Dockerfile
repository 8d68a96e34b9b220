# A lone update RUN: DF005 joins it with the install, DF001 joins the
# install that reads the same lists, and DF003 cleans up once the RUN
# updates itself (later rounds). The result equals a hand-written RUN.
FROM debian:bookworm
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl ca-certificates
RUN apt-get install -y --no-install-recommends git
CMD ["bash"]
