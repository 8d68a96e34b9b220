FROM python:3.12@sha256:5d3e6a2b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f
CMD ["python", "-m", "app"]
