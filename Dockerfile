# syntax=docker/dockerfile:1
# Agora: one static binary on a distroless base. Build with `make docker`.
# The image has no PostgreSQL: set DATABASE_URL, run `agora migrate`, then `agora serve`.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# timetzdata embeds the time zone database, so Asia/Shanghai (the default AGORA_TIMEZONE)
# loads whatever the base image ships.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -tags timetzdata -trimpath -ldflags="-s -w" -o /out/agora ./cmd/agora \
 && mkdir -p /out/data

# distroless static: CA certificates and tzdata, no shell, user nonroot (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/agora /agora
# /data must belong to nonroot, or the volume created from it is not writable.
COPY --from=build --chown=65532:65532 /out/data /data
USER nonroot
ENV AGORA_ADDR=:8080 AGORA_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/agora"]
CMD ["serve"]
