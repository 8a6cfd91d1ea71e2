#!/usr/bin/env bash
# The clinic app's Python stack for the end-to-end tests: a virtualenv at .build/django-venv with
# exactly Tests/DjangoApp/requirements.txt. Cached: pip runs only when that file changes (its
# SHA-256 is kept in the venv) or the venv is missing or broken. Prints the venv's python on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=Tests/DjangoApp/requirements.txt
venv=.build/django-venv
want=$(sha256sum "$requirements" | cut -d' ' -f1)
stamp="$venv/requirements.sha256"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] \
    && "$venv/bin/python" -c 'import django, rest_framework, psycopg, dj_database_url' 2>/dev/null; then
    echo "$PWD/$venv/bin/python"
    exit 0
fi
echo "django-venv.sh: installing $requirements into $venv" >&2
rm -rf "$venv"
mkdir -p .build
python3 -m venv "$venv" >&2 || {
    echo "django-venv.sh: python3 -m venv failed; install python3-venv (apt-get install python3-venv)" >&2
    exit 1
}
"$venv/bin/python" -m pip install --quiet --no-input -r "$requirements" >&2
"$venv/bin/python" -c 'import django, rest_framework, psycopg, dj_database_url' >&2
echo "$want" >"$stamp"
echo "$PWD/$venv/bin/python"
