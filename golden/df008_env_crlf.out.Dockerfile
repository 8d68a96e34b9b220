FROM python:3.12 AS base
ENV PIP_NO_CACHE_DIR=1

FROM base
RUN pip install flask

FROM python:3.12-slim AS tools
RUN --mount=type=cache,target=/root/.cache/pip pip install black
RUN export PIP_NO_CACHE_DIR=off && pip install ruff
# dfopt ignore=DF008
RUN pip install mypy
RUN pip install -r requirements.txt --no-cache-dir
RUN pip install --no-cache-dir isort
