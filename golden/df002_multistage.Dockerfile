FROM node:22 AS ui
WORKDIR /ui
COPY web/ .
RUN npm ci
RUN npm run build

FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go mod download
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
COPY --from=ui /ui/dist /public
ENTRYPOINT ["/app"]
