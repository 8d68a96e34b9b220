# the builder keeps the full image
FROM python:3.12 AS build
RUN apt-get update && apt-get install -y build-essential
RUN pip wheel -w /wheels -r requirements.txt

FROM python:3.12
COPY --from=build /wheels /wheels
RUN pip install --no-index /wheels/*
CMD ["python", "-m", "app"]
