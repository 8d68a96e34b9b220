FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1
WORKDIR /code
COPY . .
RUN pip install --no-cache-dir --upgrade pip && \
    pip install --no-cache-dir -r requirements/prod.txt
EXPOSE 8000
CMD ["gunicorn", "app:app"]
