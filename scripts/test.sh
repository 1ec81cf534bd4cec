#!/usr/bin/env bash
# Run the suite on SQLite, then the database tests again on PostgreSQL.
# PostgreSQL is started when it is installed but not running; under CI it must be reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

"$PY" -m pytest -q -p no:cacheprovider -m "not postgres" "$@"

PG_URL=${HRDD_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
pg_up() { "$PY" - "$PG_URL" <<'PYEOF'
import sys
import sqlalchemy as sa
try:
    sa.create_engine(sys.argv[1]).connect().close()
except Exception:
    sys.exit(1)
PYEOF
}
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
  sleep 2
fi
if pg_up; then
  echo "== PostgreSQL: database tests against $PG_URL"
  set +e
  HRDD_TEST_DATABASE_URL="$PG_URL" "$PY" -m pytest -q -p no:cacheprovider -m postgres "$@"
  rc=$?
  set -e
  # 5 = no test selected: nothing database-backed exists yet
  if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then exit $rc; fi
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL at $PG_URL is not reachable; CI must exercise it" >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $PG_URL: database tests ran on SQLite only" >&2
fi
