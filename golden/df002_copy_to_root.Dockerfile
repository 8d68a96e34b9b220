FROM python:3.12-slim
RUN pip install --no-cache-dir pipenv
COPY . /
RUN pipenv install --system --deploy
CMD ["python", "/app.py"]
