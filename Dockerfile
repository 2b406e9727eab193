# The product's image: web (gunicorn), Celery worker and beat, and the ANTS sandbox share it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries and a font for the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Runtime requirements only: the "Tests and tooling" section of requirements.txt stays out of the image.
COPY requirements.txt .
RUN sed '/^# Tests and tooling/,$d' requirements.txt > /tmp/requirements-runtime.txt \
 && pip install -r /tmp/requirements-runtime.txt

COPY . .
# Hashed, compressed static files served by WhiteNoise (settings pick the manifest storage when present).
# collectstatic reads the settings, which need secrets outside DEBUG: placeholders used by this step only.
RUN DATABASE_URL=sqlite:////tmp/build.sqlite3 SECRET_KEY=build-only ANTS_PASSWORD_KEYS=build-only \
    python manage.py collectstatic --no-input \
 && useradd --system --uid 1000 --home-dir /app autoecole \
 && mkdir -p /app/var/media \
 && chown -R autoecole /app/var

USER autoecole
EXPOSE 8000
CMD ["gunicorn", "autoecole.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-"]
