# studycoach: a slim image running the Discord bot. Build: docker build -t studycoach .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STUDYCOACH_DATABASE_PATH=/data/studycoach.db \
    STUDYCOACH_CONTENT_DIRS=/app/content/packs

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY content ./content
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin studycoach \
    && mkdir -p /data \
    && chown studycoach /data

USER studycoach
VOLUME ["/data"]
CMD ["studycoach", "run"]
