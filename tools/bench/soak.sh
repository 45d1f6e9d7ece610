#!/usr/bin/env bash
# npm run bench:soak: the embedded router at a steady SOAK_RATE instances/s (default 50) for
# SOAK_SECONDS (default 600) through one rule to two destinations (a folder and dcmtk storescp).
# Prints RSS of the router every SOAK_SAMPLE_SECONDS and, from the ledger, the receive-to-delivered
# latency (p50/p99) per minute and overall. A benchmark, not a test: it fails only when the router
# does not keep up (deliveries still open a minute after the end).
#   SOAK_RATE=50 SOAK_SECONDS=600 SOAK_SAMPLE_SECONDS=30 SOAK_CORPUS=500 BENCH_WORK (default /tmp) BENCH_DIST (default dist/)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/bench-lib.sh"
RATE=${SOAK_RATE:-50} SECONDS_TOTAL=${SOAK_SECONDS:-600} SAMPLE=${SOAK_SAMPLE_SECONDS:-30} CORPUS_N=${SOAK_CORPUS:-500}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/axiom-soak.XXXXXX)}
DIST=${BENCH_DIST:-$ROOT/dist}
KEY=soakadmin_0123456789abcdefABCDEF
read -r API_PORT ROUTER_PORT SCP_PORT H1 <<< "$(free_ports 4)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  [ -n "${BENCH_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 143" TERM INT
[ -f "$DIST/apps/standalone/src/main.js" ] || node "$ROOT/tools/build.js"

# ---- corpus: CT copies with their own SOP Instance UIDs (cycled by the sender) ---------------------
SAMPLES=${DICOM_SAMPLES_DIR:-$ROOT/../shared/dicom-samples}
mkdir -p "$WORK/corpus" "$WORK/out" "$WORK/scp"
for i in $(seq -w 1 "$CORPUS_N"); do cp "$SAMPLES/ct-explicit-le.dcm" "$WORK/corpus/ct-$i.dcm"; done
find "$WORK/corpus" -name '*.dcm' -print0 | xargs -0 -n 100 dcmodify -nb -gin > /dev/null

# ---- the router (embedded), storescp, one rule to both --------------------------------------------
export LOG_LEVEL=warn AXIOM_ADMIN_API_KEY=$KEY AXIOM_DATA_DIR=$WORK/router CSTORE_IDLE_CLOSE_MS=5000
PORT=$API_PORT HEALTH_PORT=$H1 AXIOM_DEFAULT_LISTENER_PORT=$ROUTER_PORT \
  node -r "$DIST/tools/runtime/register-aliases.js" "$DIST/apps/standalone/src/main.js" > "$WORK/router.log" 2>&1 & ROUTER=$!; pids+=($ROUTER)
# storescp --fork: one process per association, as a PACS serves several (the router opens 2 per destination)
TCP_NODELAY=1 storescp --fork -q -aet STORESCP -od "$WORK/scp" "$SCP_PORT" > "$WORK/storescp.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$API_PORT/api/v1/system/health"
FS_ID=$(api_call POST config/storage-backends "{\"name\":\"soak-folder\",\"backend_type\":\"filesystem\",\"path\":\"$WORK/out\"}" | json_id)
SCP_ID=$(api_call POST config/storage-backends "{\"name\":\"soak-scp\",\"backend_type\":\"cstore\",\"remote_host\":\"127.0.0.1\",\"remote_port\":$SCP_PORT,\"remote_ae_title\":\"STORESCP\"}" | json_id)
RS_ID=$(api_call POST rules-engine/rulesets '{"name":"soak","execution_mode":"ALL_MATCHES"}' | json_id)
api_call POST rules-engine/rules "{\"ruleset_id\":$RS_ID,\"name\":\"both\",\"match_criteria\":[],\"destination_ids\":[$FS_ID,$SCP_ID]}" > /dev/null
wait_echo AXIOM "$ROUTER_PORT"
wait_echo STORESCP "$SCP_PORT"
echo "soak: $RATE inst/s for ${SECONDS_TOTAL}s, one rule to a folder and storescp; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the run: the paced sender, RSS samples meanwhile ------------------------------------------------
node -r "$DIST/tools/runtime/register-aliases.js" "$HERE/paced-sender.js" 127.0.0.1 "$ROUTER_PORT" AXIOM "$WORK/corpus" "$RATE" "$SECONDS_TOTAL" > "$WORK/sender.out" & SENDER=$!; pids+=($SENDER)
T0=$(date +%s)
RSS=()
while kill -0 "$SENDER" 2> /dev/null; do
  sleep "$SAMPLE"
  kill -0 "$SENDER" 2> /dev/null || break
  rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$ROUTER/status")
  RSS+=("$rss")
  echo "  t=$(( $(date +%s) - T0 ))s router RSS ${rss} MiB, load $(cut -d' ' -f1 /proc/loadavg)"
done
wait "$SENDER"
read -r SENT ACKED REFUSED ACK_P50 ACK_P99 < "$WORK/sender.out"
# everything sent goes out within a minute, or the router did not keep up
for _ in $(seq 1 60); do
  open=$(node "$HERE/soak-latency.js" "$WORK/router/axiom.sqlite" | awk '/^all/ { print $NF }')
  [ "$open" = 0 ] && break
  sleep 1
done
LAT=$(node "$HERE/soak-latency.js" "$WORK/router/axiom.sqlite")
echo "$LAT" | sed 's/^/  /'
read -r _ N P50 P99 MAX _ SLOW _ OPEN <<< "$(echo "$LAT" | grep '^all')"
echo
echo "| soak ($RATE inst/s, ${SECONDS_TOTAL}s, 2 destinations) | value |"
echo "|---|---|"
echo "| sent / acknowledged / refused | $SENT / $ACKED / $REFUSED |"
echo "| sender's wait for the C-STORE answer p50 / p99 | $ACK_P50 / $ACK_P99 ms |"
echo "| receive-to-delivered latency p50 / p99 / max ($N deliveries) | $P50 / $P99 / $MAX ms |"
echo "| deliveries slower than 1 s | $SLOW |"
grep -E 'WARN|ERROR' "$WORK/router.log" | sed -E 's/^[^ ]+ //; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -5 | sed 's/^/  router: /' || true
echo "| router RSS first / last / peak sample | ${RSS[0]:-?} / ${RSS[-1]:-?} / $(printf '%s\n' "${RSS[@]}" | sort -n | tail -1) MiB |"
echo "| deliveries still open a minute after the end | $OPEN |"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$OPEN" = 0 ]
