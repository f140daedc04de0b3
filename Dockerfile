# One image for every Voorveld process of docker-compose.yml: web (gunicorn + whitenoise), the Celery
# worker, Celery beat and the one-off migrate step. Production settings only (voorveld.settings.base):
# everything that differs between deployments comes from the environment, see .env.example.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=voorveld.settings.base \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/voorveld/media

# WeasyPrint renders the reports with Pango, HarfBuzz and fontconfig and needs at least one font;
# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install --no-install-recommends -y \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# A writable home of its own: fontconfig keeps its cache there when WeasyPrint renders.
RUN groupadd --system --gid 10001 voorveld \
    && useradd --system --uid 10001 --gid voorveld --create-home --home-dir /home/voorveld \
        --shell /usr/sbin/nologin voorveld

WORKDIR /app

# Dependencies first, at the versions CI tested (requirements.lock), so a code change reuses this
# layer. pyproject.toml installs no package of its own (`packages = []`): the apps are the plain
# directories copied into /app below.
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --no-cache-dir -c requirements.lock . \
    && rm -rf build voorveld.egg-info

COPY . .

# Translations and static files are part of the image. Base settings insist on these three
# variables; neither command connects to anything, so build-only dummies do.
RUN export SECRET_KEY=build-only-not-secret \
        DATABASE_URL=postgres://build@localhost/build \
        REDIS_URL=redis://localhost:6379/0 \
    && python manage.py compilemessages -v 0 \
    && python manage.py collectstatic --noinput -v 0

# The code stays root-owned and read-only for the app user; it writes only to the media and beat
# volumes. Docker copies this ownership into a named volume the first time it is mounted.
RUN mkdir -p /var/lib/voorveld/media /var/lib/voorveld/beat \
    && chown -R voorveld:voorveld /var/lib/voorveld

USER voorveld

EXPOSE 8000

CMD ["gunicorn", "--config", "docker/gunicorn.conf.py", "voorveld.wsgi:application"]
