# Shared settings for the runtime scripts (sourced, not executed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNTIME="$ROOT/runtime"
VENV="${VENV:-$ROOT/.venv}"
STATE="$ROOT/.local"            # git-ignored: database cluster, filestore, logs, pids
PGDATA="$STATE/pgdata"
PGPORT="${PGPORT:-55432}"
PGHOST=127.0.0.1
PGUSER=odoo
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_OS_USER="${PG_OS_USER:-odoo-pg}"
ODOO_DB="${ODOO_DB:-logistics}"
HTTP_PORT="${HTTP_PORT:-8069}"
ADDONS="logistics_crm,logistics_complaints,logistics_kpi,logistics_kpi_stock"
# installed with the addons: a chart of accounts for the demo company (it sorts
# before them, so the demo invoices of logistics_crm find their accounts) and
# l10n_cn for China's provinces (the regions of the demo waybills)
DEMO_CHART="${DEMO_CHART:-l10n_generic_coa,l10n_cn}"
export PGHOST PGPORT PGUSER
export PATH="$VENV/node/node_modules/.bin:$PATH"   # lessc
mkdir -p "$STATE"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

odoo_cmd() {  # odoo_cmd [command] [options...]
  "$RUNTIME/bin/odoo" "$@"
}

as_pg_user() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}
