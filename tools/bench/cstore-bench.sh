#!/usr/bin/env bash
# npm run bench: C-STORE ingest of the embedded router against dcmtk's storescp, paired runs in
# the same session (../shared/bench/cstore-ratio.sh), both with TCP_NODELAY=1, on a synthetic CT
# corpus (../shared/bench/make-corpus.sh). The router also routes every instance to a filesystem
# destination while being measured. Prints the pair-by-pair ratios; the last line is the median.
#   PAIRS=5 CT_COUNT=400 npm run bench
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${AXIOM_SHARED_DIR:-$ROOT/../shared}
WORK=${BENCH_WORK:-$(mktemp -d /dev/shm/axiom-bench.XXXXXX)}
PAIRS=${PAIRS:-5} CT_COUNT=${CT_COUNT:-400}
API_PORT=18201 ROUTER_PORT=21201 SCP_PORT=21202 KEY=benchadmin_0123456789abcdefABCDEF
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${BENCH_WORK:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

[ -d "$WORK/corpus/ct" ] || STUDIES=1 SERIES=$(( (CT_COUNT + 99) / 100 )) PER_SERIES=100 SMALL=1 LARGE_FRAMES="" \
  bash "$SHARED/bench/make-corpus.sh" "$WORK/corpus" > /dev/null
[ -f "$ROOT/dist/apps/standalone/src/main.js" ] || node "$ROOT/tools/build.js"

# exec: the background job is the node process itself, so cleanup can stop it by PID
app() { exec node -r "$ROOT/dist/tools/runtime/register-aliases.js" "$ROOT/dist/apps/$1/src/main.js"; }
MODE=${BENCH_MODE:-embedded}
if [ "$MODE" = distributed ]; then
  PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
  DB=axiom_bench_$$
  psql "$PG" -qc "CREATE DATABASE $DB"
  trap 'cleanup; psql "$PG" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1' EXIT
  export DATABASE_URL=${PG%/*}/$DB RABBITMQ_URL=${BENCH_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}
  export DICOM_STORAGE_PATH=$WORK/spool AXIOM_DATA_DIR=$WORK/router LOG_LEVEL=warn
  PORT=$API_PORT AXIOM_ADMIN_API_KEY=$KEY app api > "$WORK/api.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/api/v1/docs" > /dev/null && break; sleep 0.5; done
  HEALTH_PORT=18202 app dimse-listener > "$WORK/listener.log" 2>&1 & pids+=($!)
  HEALTH_PORT=18203 app router-worker > "$WORK/worker.log" 2>&1 & pids+=($!)
else
  AXIOM_DATA_DIR=$WORK/router PORT=$API_PORT AXIOM_ADMIN_API_KEY=$KEY AXIOM_DEFAULT_LISTENER_PORT=$ROUTER_PORT LOG_LEVEL=warn \
    app standalone > "$WORK/router.log" 2>&1 &
  pids+=($!)
fi
mkdir -p "$WORK/scp"
TCP_NODELAY=1 storescp -aet STORESCP -od "$WORK/scp" "$SCP_PORT" &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/api/v1/docs" > /dev/null && break; sleep 0.5; done
api() { curl -sf -X POST "http://127.0.0.1:$API_PORT/api/v1/$1" -H "Authorization: Api-Key $KEY" -H 'Content-Type: application/json' -d "$2"; }
api config/storage-backends "{\"name\":\"bench\",\"backend_type\":\"filesystem\",\"path\":\"$WORK/out\"}" > /dev/null
api rules-engine/rulesets '{"name":"bench","execution_mode":"ALL_MATCHES"}' > /dev/null
api rules-engine/rules '{"ruleset_id":1,"name":"all","match_criteria":[],"destination_ids":[1]}' > /dev/null
[ "$MODE" != distributed ] || api config/dimse-listeners "{\"name\":\"bench\",\"ae_title\":\"AXIOM\",\"port\":$ROUTER_PORT,\"instance_id\":\"default\"}" > /dev/null
for _ in $(seq 1 60); do echoscu -aec AXIOM 127.0.0.1 "$ROUTER_PORT" 2> /dev/null && break; sleep 0.5; done

echo "corpus: $(ls "$WORK/corpus/ct" | wc -l) CT files; router ($MODE mode, A) vs storescp (B), $PAIRS pairs"
TCP_NODELAY=1 bash "$SHARED/bench/cstore-ratio.sh" -n "$PAIRS" -R "rm -rf $WORK/scp/* $WORK/out" \
  "127.0.0.1:$ROUTER_PORT:AXIOM" "127.0.0.1:$SCP_PORT:STORESCP" "$WORK/corpus/ct"
