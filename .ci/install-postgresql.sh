#!/usr/bin/env bash
# Install the PostgreSQL server binaries (initdb, pg_ctl, postgres) that the register tests
# start a throwaway cluster with (tests/register/pg_server.py). Idempotent: does nothing
# when they are already there. Debian/Ubuntu (apt); needs root, or sudo without password.
set -euo pipefail

if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "PostgreSQL is not installed and this user cannot install it." >&2
    echo "Run as root: apt-get install -y --no-install-recommends postgresql" >&2
    echo "(or set TAZA_SKIP_POSTGRES=1 to skip the PostgreSQL tests of the register)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends postgresql
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
