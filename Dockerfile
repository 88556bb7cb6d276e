# syntax=docker/dockerfile:1
# One image for web, worker, beat and migrations: only the command differs.
# Debian 13 (trixie) with Debian's own Python 3.13, so that the same base can be built
# from Debian's mirror with mmdebstrap where no image registry is reachable (the
# container test does that: tests/deploy/test_container.py).
ARG BASE=docker.io/library/debian:trixie-slim

FROM ${BASE} AS build
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/venv
COPY requirements/base.txt /tmp/base.txt
# Production requirements only. The optional "ca" secret is a CA bundle for networks
# that inspect TLS; without it pip uses the system's certificates.
RUN --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi \
    && /opt/venv/bin/pip install -q -r /tmp/base.txt

FROM ${BASE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 ca-certificates tzdata \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /data/media && chown app:app /data/media
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=recruiting.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code belongs to root: the app user can read it, not change it.
COPY manage.py gunicorn.conf.py ./
COPY recruiting ./recruiting
COPY templates ./templates
COPY static ./static
# collectstatic needs settings but no database or secrets; compile the code once, since
# the root file system is read-only when the portal runs.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
       python manage.py collectstatic --no-input -v 0 \
    && python -m compileall -q recruiting
USER 10001:10001
EXPOSE 8000
# gunicorn.conf.py: bind 0.0.0.0:8000, gthread workers, JSON logs, metrics across workers.
CMD ["gunicorn", "recruiting.wsgi:application"]
