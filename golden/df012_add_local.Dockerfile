FROM python:3.12-slim
WORKDIR /app
# copying local files: COPY says what it means
ADD requirements.txt /app/
ADD --chown=app:app config/ /app/config/
add settings.yaml /app/
ADD ["entry point.sh", "/usr/local/bin/"]
ONBUILD ADD app.py /app/
CMD ["python", "app.py"]
