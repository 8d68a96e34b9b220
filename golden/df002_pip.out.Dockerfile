FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1
WORKDIR /code
COPY requirements/prod.txt requirements/base.txt ./requirements/
RUN pip install --no-cache-dir --upgrade pip && \
    pip install --no-cache-dir -r requirements/prod.txt
COPY . .
EXPOSE 8000
CMD ["gunicorn", "app:app"]
