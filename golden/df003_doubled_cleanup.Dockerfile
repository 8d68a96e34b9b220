FROM python:3.12-slim

RUN apt-get update && apt-get upgrade -y && \
    apt-get install -y --no-install-recommends \
        libmagic1 \
        gcc

WORKDIR /app
COPY requirements.txt /app/
RUN pip install --no-cache-dir -r requirements.txt

# remove the compiler and clean up apt
RUN apt-get purge -y gcc && \
    apt-get autoremove -y && apt-get clean && \
    rm -rf /var/lib/apt/lists/*

CMD ["python", "-m", "app"]
