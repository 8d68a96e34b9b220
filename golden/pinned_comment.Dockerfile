FROM python:3.12-slim
# Keep in sync with docs/install.md: users copy this line.
RUN pip install product==1.0

RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc \
    # Please update the install docs if the below line is changed so that
    # end users can properly install the product with its dependencies.
    && pip install product-extras==1.0 \
    && pip install other==2.0 \
    && apt-get purge -y gcc \
    && rm -rf /var/lib/apt/lists/*
