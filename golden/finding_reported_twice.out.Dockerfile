# Review class "finding reported twice": DF012's ADD -> COPY overlaps
# DF002's move of the ADD below the install, waits one round, and is
# listed once, at line 7, applied. DF003's cleanup of the second RUN
# exists only once DF005 moved the update into it: found later, with
# the line of that RUN in this file.
FROM golang:1.22

RUN apt-get update && apt-get install -y --no-install-recommends \
		vim \
	&& rm -rf /var/lib/apt/lists/*

RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
COPY . /go/src/example.com/app

WORKDIR /go/src/example.com/app
CMD ["make", "unit"]
