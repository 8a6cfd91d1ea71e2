#!/usr/bin/env bash
# The whole test suite: starts a throwaway PostgreSQL 15 on a free port, runs `swift test`
# against it, and stops it. Tests that need PostgreSQL fail (not skip) when it is unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
trap pg_stop EXIT
pg_start fsync=off synchronous_commit=off full_page_writes=off
# BrowserTests fail (not skip) without chromium, chromium-driver and python3-selenium (.ci/run installs them).
export CLINIC_BROWSER_TEST=1
swift build --build-tests "$@"
swift test --skip-build "$@"
