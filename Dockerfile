# The platform's image: one image for the web server (gunicorn, the default command), the
# Celery worker and beat (see docker-compose.yml). Configuration comes only from the
# environment at run time (bilan/settings.py); no secret is baked in.
FROM python:3.11-slim-bookworm

# DJANGO_ENV=production: a container started without its secrets refuses to start instead
# of running with DEBUG on. PYTHONPATH=/app: the code is imported from /app (where
# templates/, static/ and var/ are), not from the copy `pip install .` puts in
# site-packages, since settings.BASE_DIR is the parent of the imported package.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_ENV=production

# weasyprint's libraries (harfbuzz-subset makes it 3-4 times faster) and a font: the same
# list as DEBIAN_RUNTIME in the Makefile.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# A numeric uid/gid so that orchestrators can check "not root" without reading /etc/passwd.
RUN groupadd --system --gid 10001 bilan \
    && useradd --system --uid 10001 --gid bilan --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin bilan

WORKDIR /app
COPY . .

# The runtime dependencies only (no dev extra); the in-tree build leftovers are removed.
RUN pip install . \
    && rm -rf build ./*.egg-info

# Static files are collected once, at build time. Production settings refuse to load
# without their secrets: dummy values are given to this single command, never as ENV
# (REDIS_URL keeps the settings from creating the filesystem broker's folders).
# The files stay owned by root (read-only for the application); var/media (the media
# volume) and var/celery (beat's schedule) belong to the application user.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret \
    CONTENT_ENCRYPTION_KEYS=build-only-not-a-key \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    EMAIL_URL=consolemail:// \
    BILAN_BASE_URL=https://localhost \
    SCELLES_PKCS12_PATH=/nonexistent/build-only.p12 \
    SCELLES_PKCS12_PASSWORD=build-only-not-a-password \
    python manage.py collectstatic --noinput \
    && mkdir -p var/media var/celery \
    && chown bilan:bilan var var/media var/celery

USER 10001:10001

EXPOSE 8000

# 2 cores: (2 x cores) + 1 = 5 sync workers (gunicorn's rule of thumb). The heartbeat
# files go to /dev/shm (tmpfs) so that a slow overlay disk cannot stall the workers.
# bilan/gunicorn_conf.py keeps the signing links' and agenda feeds' tokens out of the
# access log.
CMD ["gunicorn", "bilan.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "5", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--config", "python:bilan.gunicorn_conf"]
