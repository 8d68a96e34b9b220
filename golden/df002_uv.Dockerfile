FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv
WORKDIR /app
COPY . /app
RUN uv sync --frozen --no-install-project --no-dev
RUN uv sync --frozen --no-dev
CMD ["uv", "run", "app"]
