#!/usr/bin/env bash
# The whole test suite: starts a throwaway PostgreSQL 15 on a free port, runs `swift test`
# against it, and stops it. Tests that need PostgreSQL fail (not skip) when it is unreachable.
# The Django tests use the virtualenv scripts/django-venv.sh makes under .build/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
trap pg_stop EXIT
pg_start fsync=off synchronous_commit=off full_page_writes=off
# The clinic app as a real Django project for the Django tests (pip runs only when its
# requirements change); they fail, not skip, when this python cannot run Django.
CLINIC_TEST_DJANGO_PYTHON=$(scripts/django-venv.sh)
export CLINIC_TEST_DJANGO_PYTHON
# The age interop tests run against the real `age` (.ci/run installs it); they fail when it is missing.
export CLINIC_TEST_AGE="${CLINIC_TEST_AGE:-age}"
# BrowserTests fail (not skip) without chromium, chromium-driver and python3-selenium (.ci/run installs them).
export CLINIC_BROWSER_TEST=1
swift build --build-tests "$@"
swift test --skip-build "$@"
