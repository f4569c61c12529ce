# Shared settings for the runtime scripts (sourced, not executed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNTIME="$ROOT/runtime"
VENV="${VENV:-$ROOT/.venv}"
STATE="$ROOT/.local"            # git-ignored: database cluster, filestore, logs, pids, mails
PGDATA="$STATE/pgdata"
PGPORT="${PGPORT:-55432}"
PGHOST=127.0.0.1
PGUSER=odoo
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_OS_USER="${PG_OS_USER:-odoo-pg}"
ODOO_DB="${ODOO_DB:-logistics}"
HTTP_PORT="${HTTP_PORT:-8069}"
SMTP_PORT="${SMTP_PORT:-2525}"
# The Odoo 18.0 source: ODOO_SOURCE (a tree or a .tar.gz of one), else the per-user cache,
# else the archive pinned in runtime/odoo.pin -- resolved by runtime/bin/odoo-source when
# the bootstrap runs; Odoo's addons path of that tree is kept in the venv.
odoo_addons_path() { cat "$VENV/odoo-addons-path"; }
# The addons that run on Odoo 18 so far (the others wait for their port issue).
ADDONS="${ADDONS:-logistics_crm,logistics_complaints,logistics_kpi,logistics_kpi_complaints,logistics_kpi_stock,logistics_service_agreement,logistics_customer_health}"
# installed with the addons: l10n_cn, China's provinces (the regions of the demo
# waybills) and a chart of accounts for the demo invoices of logistics_crm
DEMO_CHART="${DEMO_CHART:-l10n_cn}"
export PGHOST PGPORT PGUSER
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

db_exists() { psql -d postgres -Atc "select 1 from pg_database where datname = '$1'" | grep -q 1; }

addons_sum() {  # a fingerprint of the addons' files (to know when a database needs -u)
  (cd "$ROOT" && find addons -type f ! -path '*/__pycache__/*' ! -name '*.pyc' | sort | xargs sha1sum | sha1sum | cut -c1-40)
}
