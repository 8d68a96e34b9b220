FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN python -m pip install --upgrade pip && \
    pip install \
        -r requirements.txt
RUN set -x \
 && pip3 install gunicorn \
 && gunicorn --version
RUN <<EOF bash
set -e
pip install -e .
EOF
CMD ["gunicorn", "app:app"]
