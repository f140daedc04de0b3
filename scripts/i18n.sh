#!/usr/bin/env bash
# Refreshes the Dutch catalogue locale/nl/LC_MESSAGES/django.po from the source strings
# (existing translations are kept) and compiles it. Serialised with flock so two people or tools
# editing the catalogue at once do not overwrite each other.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec 9>/tmp/voorveld-i18n.lock
flock 9
.venv/bin/python manage.py makemessages -l nl --no-obsolete --no-location \
  --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'static/*' --ignore 'tests/*' --ignore 'node_modules/*' -v 0
.venv/bin/python manage.py compilemessages --ignore '.venv' -v 0
