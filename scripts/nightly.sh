#!/usr/bin/env bash
# The nightly job: load the utilization feeds (`sf healthplan sync`), then score renewal risk
# (`sf healthplan risk score`). Meant for cron or a CI scheduler; every run leaves its JSON results,
# rejects and failures in LOG_DIR.
#
# Usage: scripts/nightly.sh --target-org ORG (--eligibility FILE --visits FILE | --snapshots FILE)
#                           [--assumptions FILE] [--log-dir DIR] [--strict]
#
# --snapshots takes rows the warehouse aggregated with the SQL in sql/ instead of the raw feeds
# (README, "When one machine is not enough"); --assumptions then does not apply.
#
# Exit codes (the sync's own codes pass through where they apply):
#   0  every valid row landed and every account was scored
#   1  the sync failed before writing (unreadable feed, bad assumptions, org unreachable); not scored
#   2  --strict and rows were rejected: nothing written, not scored (see the rejects file)
#   3  some snapshots could not be written (see the failures file); scored on what landed.
#      The next run writes them again.
#   4  another sync was running against the org; nothing done
#   5  the sync succeeded but scoring failed
#   6  the sync succeeded but some risk assessments could not be written
#  64  wrong arguments
#
# The sf command is `sf` on PATH; set HEALTHPLAN_SF to run another one, e.g. "node plugin/bin/run.js".
set -uo pipefail

usage() {
  sed -n '6,10p' "$0" | sed -E 's/^# ?//' >&2
  exit 64
}

target_org='' eligibility='' visits='' snapshots='' assumptions='' strict=''
log_dir="${LOG_DIR:-./healthplan-logs}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target-org | -o) target_org="${2:-}"; shift 2 ;;
    --eligibility | -e) eligibility="${2:-}"; shift 2 ;;
    --visits | -v) visits="${2:-}"; shift 2 ;;
    --snapshots) snapshots="${2:-}"; shift 2 ;;
    --assumptions) assumptions="${2:-}"; shift 2 ;;
    --log-dir) log_dir="${2:-}"; shift 2 ;;
    --strict) strict='--strict'; shift ;;
    -h | --help) usage ;;
    *) echo "nightly: unknown argument $1" >&2; usage ;;
  esac
done
[[ -n "$target_org" ]] || usage
if [[ -n "$snapshots" ]]; then
  [[ -z "$eligibility" && -z "$visits" && -z "$assumptions" ]] || usage
  input_args=(--snapshots "$snapshots")
else
  [[ -n "$eligibility" && -n "$visits" ]] || usage
  input_args=(--eligibility "$eligibility" --visits "$visits")
fi

read -r -a sf <<< "${HEALTHPLAN_SF:-sf}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$log_dir" || exit 1
sync_json="$log_dir/sync-$stamp.json"
risk_json="$log_dir/risk-$stamp.json"

log() { printf '%s nightly: %s\n' "$(date -u +%FT%TZ)" "$*"; }

# One line of a --json result for the log: status, counts, files.
summarize() {
  node -e '
    const out = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const r = out.result ?? out.data ?? {};
    const parts = [`exit ${out.status}`];
    if (out.message) parts.push(out.message);
    if (r.snapshots) parts.push(`snapshots ${JSON.stringify(r.snapshots)}`, `rejected ${r.rowsRejected}`, `api calls ${r.apiCalls}`);
    if (r.rejectFile) parts.push(`rejects ${r.rejectFile}`);
    if (r.failuresFile) parts.push(`failures ${r.failuresFile}`);
    if (typeof r.written === "number") parts.push(`assessments written ${r.written}, failed ${r.failed}`);
    console.log(parts.join("; "));
  ' "$1" 2> /dev/null || echo "no JSON result in $1"
}

sync_args=(healthplan sync --target-org "$target_org" "${input_args[@]}"
  --reject-file "$log_dir/rejects-$stamp.csv" --failures-file "$log_dir/failures-$stamp.csv" --json)
[[ -n "$assumptions" ]] && sync_args+=(--assumptions "$assumptions")
[[ -n "$strict" ]] && sync_args+=("$strict")

log "sync: ${sf[*]} ${sync_args[*]}"
"${sf[@]}" "${sync_args[@]}" > "$sync_json"
sync_status=$?
log "sync: $(summarize "$sync_json")"

case "$sync_status" in
  0 | 3) ;;
  2 | 4) exit "$sync_status" ;;
  *) exit 1 ;;
esac

log "risk: ${sf[*]} healthplan risk score --target-org $target_org --json"
"${sf[@]}" healthplan risk score --target-org "$target_org" --json > "$risk_json"
risk_status=$?
log "risk: $(summarize "$risk_json")"

if [[ "$sync_status" -ne 0 ]]; then exit "$sync_status"; fi
case "$risk_status" in
  0) exit 0 ;;
  3) exit 6 ;;
  *) exit 5 ;;
esac
