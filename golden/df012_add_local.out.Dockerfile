FROM python:3.12-slim
WORKDIR /app
# copying local files: COPY says what it means
COPY requirements.txt /app/
COPY --chown=app:app config/ /app/config/
copy settings.yaml /app/
COPY ["entry point.sh", "/usr/local/bin/"]
ONBUILD COPY app.py /app/
CMD ["python", "app.py"]
