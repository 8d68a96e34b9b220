FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN python -m pip install --no-cache-dir --upgrade pip && \
    pip install --no-cache-dir \
        -r requirements.txt
RUN set -x \
 && pip3 install --no-cache-dir gunicorn \
 && gunicorn --version
RUN <<EOF bash
set -e
pip install --no-cache-dir -e .
EOF
CMD ["gunicorn", "app:app"]
