FROM python:3.12
RUN pip install --no-cache-dir poetry==1.8.3
WORKDIR /app
COPY . .
RUN poetry config virtualenvs.create false \
    && poetry install --no-root --only main
CMD ["python", "-m", "app"]
