ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}
CMD ["python", "-m", "app"]
