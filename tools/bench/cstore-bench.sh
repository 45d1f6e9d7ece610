#!/usr/bin/env bash
# npm run bench [-- --cpu-prof]: the router against dcmtk on this machine, every figure a median of
# PAIRS paired runs (router A, dcmtk B, alternately, so both see the same load), dcmtk with
# TCP_NODELAY=1, on a CT corpus of 0.5 MB files (../shared/bench/make-corpus.sh), spool on disk.
#
#   ingest    C-STORE into the router (routes each instance to a filesystem destination), one
#             association, vs storescp                              (acknowledged inst/s)
#   ingest4   the same over 4 parallel associations vs storescp --fork with 4
#   routed    storescu -> router (morph one tag) -> storescp, until the last file lands, vs
#             storescu -> storescp
#   outbound  a backlog of CT_COUNT held deliveries released to storescp, vs storescu
#   scu       the router's C-STORE SCU alone (tools/bench/scu-alone.js: the association pool, 2
#             associations, no ledger) sending the corpus, vs storescu: what outbound would be
#             without the delivery bookkeeping
#   large     peak RSS of the router receiving, morphing and forwarding one LARGE_FRAMES-frame
#             multi-frame (2000 frames of 512x512x16 bit = 1 GiB)
#   disk      the disk's floor under durable ingest (tools/bench/disk-bound.js): what one durable
#             0.5 MB write costs here, as the most inst/s one association can reach, vs storescp
# Each row also gives the router's CPU per instance (utime + stime from /proc, all its processes,
# until it is idle again). --cpu-prof writes V8 CPU profiles of the router processes over the
# whole run and prints their top functions; BENCH_PROFILE_ROW=ROW profiles only the timed part of
# that row's first router run.
#
#   PAIRS=5 CT_COUNT=400 BENCH_ROWS="large disk ingest ingest4 routed outbound scu" (large first: the peak is then
#   that of a fresh process, not the heap the CT rows grew) BENCH_MODE=embedded|distributed
#   BENCH_WORK (scratch folder on disk, default /tmp), BENCH_CORPUS (kept between runs),
#   BENCH_DIST (the compiled tree to run, default dist/), BENCH_NODE_FLAGS (extra node flags of the router),
#   BENCH_ACK_PROBE=1 (embedded: the stages of each C-STORE's way to its answer, tools/bench/ack-probe.js)
set -euo pipefail
shopt -s inherit_errexit   # a failed step inside a run's $(...) fails the run
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${AXIOM_SHARED_DIR:-$ROOT/../shared}
. "$HERE/bench-lib.sh"
PROF=; for a in "$@"; do [ "$a" = --cpu-prof ] && PROF=1; done
PROFILE_ROW=${BENCH_PROFILE_ROW:-}
PAIRS=${PAIRS:-5} CT_COUNT=${CT_COUNT:-400} LARGE_FRAMES=${LARGE_FRAMES:-2000}
ROWS=${BENCH_ROWS:-large disk ingest ingest4 routed outbound scu} MODE=${BENCH_MODE:-embedded}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/axiom-bench.XXXXXX)}
CORPUS=${BENCH_CORPUS:-/tmp/axiom-bench-corpus-$CT_COUNT}
KEY=benchadmin_0123456789abcdefABCDEF
read -r API_PORT ROUTER_PORT SCP_PORT FORK_PORT H1 H2 <<< "$(free_ports 6)"
pids=() router_pids=() DB=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  [ -z "$DB" ] || psql "$PG" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" > /dev/null 2>&1 || true
  [ -n "${BENCH_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 143" TERM INT

# ---- corpus (made once, kept) and build ---------------------------------------------------
if [ ! -d "$CORPUS/ct" ] || [ "$(ls "$CORPUS/ct" | wc -l)" -lt "$CT_COUNT" ]; then
  STUDIES=1 SERIES=$(( (CT_COUNT + 99) / 100 )) PER_SERIES=100 SMALL=0 LARGE_FRAMES="" \
    bash "$SHARED/bench/make-corpus.sh" "$CORPUS" > /dev/null
fi
LARGE_FILE=
if [[ " $ROWS " == *" large "* ]]; then
  LARGE_FILE=$(ls "$CORPUS"/large/mf-1-"${LARGE_FRAMES}"frames.dcm 2> /dev/null || true)
  if [ -z "$LARGE_FILE" ]; then
    rm -rf "$CORPUS/large" && STUDIES=0 SMALL=0 LARGE_FRAMES=$LARGE_FRAMES bash "$SHARED/bench/make-corpus.sh" "$CORPUS" > /dev/null
    LARGE_FILE=$(ls "$CORPUS"/large/mf-1-"${LARGE_FRAMES}"frames.dcm)
  fi
fi
CT_DIR=$WORK/ct && mkdir -p "$CT_DIR" && ls "$CORPUS/ct" | sort | head -n "$CT_COUNT" | while read -r f; do ln -sf "$CORPUS/ct/$f" "$CT_DIR/$f"; done
N=$(ls "$CT_DIR" | wc -l)
DIST=${BENCH_DIST:-$ROOT/dist}
[ -f "$DIST/apps/standalone/src/main.js" ] || node "$ROOT/tools/build.js"

# ---- the router, dcmtk -------------------------------------------------------------------
app() { # name: exec, so the background job's PID is node's
  local prof=()
  [ -z "$PROF" ] || prof=(--cpu-prof --cpu-prof-dir="$WORK/prof" --cpu-prof-name="$1.cpuprofile")
  [ -z "$PROF$PROFILE_ROW" ] || prof+=(-r "$HERE/profile-hooks.js")
  # BENCH_NODE_FLAGS: more node flags for the router processes (e.g. --trace-gc)
  if [ -n "${BENCH_NODE_FLAGS:-}" ]; then local flags; read -r -a flags <<< "$BENCH_NODE_FLAGS"; prof+=("${flags[@]}"); fi
  [ -z "${BENCH_ACK_PROBE:-}" ] || prof+=(-r "$HERE/ack-probe.js")
  BENCH_PROBE_DIST=$DIST BENCH_PHASE_PROFILE_DIR=${PROFILE_ROW:+$WORK/prof} BENCH_PHASE_PROFILE_NAME=$1 exec node "${prof[@]}" -r "$DIST/tools/runtime/register-aliases.js" "$DIST/apps/$1/src/main.js"
}
mkdir -p "$WORK/prof"
export LOG_LEVEL=warn SWEEP_INTERVAL_MS=250 AXIOM_ADMIN_API_KEY=$KEY AXIOM_DATA_DIR=$WORK/router
if [ "$MODE" = distributed ]; then
  PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test} DB=axiom_bench_$$
  psql "$PG" -qc "CREATE DATABASE $DB"
  export DATABASE_URL=${PG%/*}/$DB RABBITMQ_URL=${BENCH_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672} DICOM_STORAGE_PATH=$WORK/spool
  PORT=$API_PORT app api > "$WORK/api.log" 2>&1 & pids+=($!) router_pids+=($!)
  wait_http "http://127.0.0.1:$API_PORT/api/v1/docs"
  HEALTH_PORT=$H1 app dimse-listener > "$WORK/listener.log" 2>&1 & pids+=($!) router_pids+=($!)
  HEALTH_PORT=$H2 app router-worker > "$WORK/worker.log" 2>&1 & pids+=($!) router_pids+=($!)
else
  PORT=$API_PORT AXIOM_DEFAULT_LISTENER_PORT=$ROUTER_PORT app standalone > "$WORK/router.log" 2>&1 & pids+=($!) router_pids+=($!)
fi
mkdir -p "$WORK/scp" "$WORK/fork" "$WORK/out" "$WORK/prof"
TCP_NODELAY=1 storescp -aet STORESCP -od "$WORK/scp" "$SCP_PORT" & pids+=($!)
TCP_NODELAY=1 storescp --fork -aet FORKSCP -od "$WORK/fork" "$FORK_PORT" & pids+=($!)
wait_http "http://127.0.0.1:$API_PORT/api/v1/docs"

# ---- configuration: one rule per calling AE title --------------------------------------------
backend() { api_call POST config/storage-backends "$1" | json_id; }
FS_ID=$(backend "{\"name\":\"bench-fs\",\"backend_type\":\"filesystem\",\"path\":\"$WORK/out\"}")
cstore() { echo "{\"name\":\"$1\",\"backend_type\":\"cstore\",\"remote_host\":\"127.0.0.1\",\"remote_port\":$FORK_PORT,\"remote_ae_title\":\"FORKSCP\",\"local_ae_title\":\"AXIOM\",\"is_enabled\":$2}"; }
SCP_ID=$(backend "$(cstore bench-scp true)")
BACKLOG_ID=$(backend "$(cstore bench-backlog false)")
RS_ID=$(api_call POST rules-engine/rulesets '{"name":"bench","execution_mode":"ALL_MATCHES"}' | json_id)
rule() { # name calling-ae destination-id modifications
  api_call POST rules-engine/rules "{\"ruleset_id\":$RS_ID,\"name\":\"$1\",\"match_criteria\":[],\"association_criteria\":[{\"parameter\":\"CALLING_AE_TITLE\",\"op\":\"eq\",\"value\":\"$2\"}],\"tag_modifications\":$4,\"destination_ids\":[$3]}" > /dev/null
}
MORPH='[{"action":"set","tag":"InstitutionName","value":"AXIOM BENCH ROUTED"}]'
rule ingest BENCHSCU "$FS_ID" '[]'
rule routed ROUTED "$SCP_ID" "$MORPH"
rule backlog BACKLOG "$BACKLOG_ID" '[]'
[ "$MODE" != distributed ] || api_call POST config/dimse-listeners "{\"name\":\"bench\",\"ae_title\":\"AXIOM\",\"port\":$ROUTER_PORT,\"instance_id\":\"default\"}" > /dev/null
wait_echo AXIOM "$ROUTER_PORT"
wait_echo STORESCP "$SCP_PORT"
wait_echo FORKSCP "$FORK_PORT"
echo "corpus $N CT files ($(du -shL "$CT_DIR" | cut -f1)); $MODE mode; $PAIRS pairs; spool and outputs under $WORK ($(df --output=fstype "$WORK" | tail -1)); load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- one run of each kind: prints "inst/s [cpu ms/inst]" -----------------------------------------
clear_dir() { find "$1" -mindepth 1 -delete; }
# brackets the timed part of the first run of row $1 with a CPU profile (BENCH_PROFILE_ROW)
phase_mark() {
  [ "$PROFILE_ROW" = "$1" ] && [ ! -e "$WORK/prof/.$1-$2" ] || return 0
  touch "$WORK/prof/.$1-$2"; local p; for p in "${router_pids[@]}"; do kill -WINCH "$p"; done
}
run_ingest() { # jobs
  wait_quiet 120 "${router_pids[@]}"; clear_dir "$WORK/out"
  local row=ingest; [ "$1" = 1 ] || row=ingest4
  local c0 t0 t1; phase_mark "$row" start; c0=$(cpu_ticks "${router_pids[@]}"); t0=$(now)
  send_folder 127.0.0.1 "$ROUTER_PORT" AXIOM BENCHSCU "$CT_DIR" "$1"; t1=$(now); phase_mark "$row" stop
  wait_files "$WORK/out" "$N" 300; wait_quiet 120 "${router_pids[@]}"
  echo "$(rate "$N" "$t0" "$t1") $(ms_per_inst $(( $(cpu_ticks "${router_pids[@]}") - c0 )) "$N")"
}
run_storescp() { # port ae dir jobs
  clear_dir "$3"; local t0 t1; t0=$(now); send_folder 127.0.0.1 "$1" "$2" BENCHSCU "$CT_DIR" "$4"; t1=$(now)
  echo "$(rate "$N" "$t0" "$t1")"
}
run_routed() {
  wait_quiet 120 "${router_pids[@]}"; clear_dir "$WORK/fork"
  local c0 t0 t1; phase_mark routed start; c0=$(cpu_ticks "${router_pids[@]}"); t0=$(now)
  send_folder 127.0.0.1 "$ROUTER_PORT" AXIOM ROUTED "$CT_DIR"; wait_files "$WORK/fork" "$N" 300; t1=$(now); phase_mark routed stop
  wait_quiet 120 "${router_pids[@]}"
  echo "$(rate "$N" "$t0" "$t1") $(ms_per_inst $(( $(cpu_ticks "${router_pids[@]}") - c0 )) "$N")"
}
run_outbound() {
  send_folder 127.0.0.1 "$ROUTER_PORT" AXIOM BACKLOG "$CT_DIR"   # untimed: N deliveries held
  wait_quiet 120 "${router_pids[@]}"; clear_dir "$WORK/fork"
  local c0 t0 t1; phase_mark outbound start; c0=$(cpu_ticks "${router_pids[@]}"); t0=$(now)
  api_call PATCH "config/storage-backends/$BACKLOG_ID" '{"is_enabled":true}' > /dev/null
  wait_files "$WORK/fork" "$N" 300; t1=$(now); phase_mark outbound stop
  api_call PATCH "config/storage-backends/$BACKLOG_ID" '{"is_enabled":false}' > /dev/null
  wait_quiet 120 "${router_pids[@]}"
  echo "$(rate "$N" "$t0" "$t1") $(ms_per_inst $(( $(cpu_ticks "${router_pids[@]}") - c0 )) "$N")"
}

run_scu() {
  clear_dir "$WORK/fork"
  node -r "$DIST/tools/runtime/register-aliases.js" "$HERE/scu-alone.js" 127.0.0.1 "$FORK_PORT" FORKSCP "$CT_DIR" 2
}

# ---- paired rows -------------------------------------------------------------------------------
TABLE=()
paired() { # row label "A command" "B command"
  local i a b r As=() Bs=() Rs=() Cs=()
  for ((i = 1; i <= PAIRS; i++)); do
    local out; out=$(eval "$3") || { echo "$1: router run failed" >&2; exit 1; }
    read -r a c <<< "$out"; b=$(eval "$4") || { echo "$1: dcmtk run failed" >&2; exit 1; }; r=$(ratio "$a" "$b")
    echo "  $1 pair $i: router $a inst/s (cpu ${c:-?} ms/inst), dcmtk $b inst/s, ratio $r"
    As+=("$a") Bs+=("$b") Rs+=("$r") Cs+=("${c:-0}")
  done
  local ma mb mr mc; ma=$(printf '%s\n' "${As[@]}" | median) mb=$(printf '%s\n' "${Bs[@]}" | median)
  mr=$(printf '%s\n' "${Rs[@]}" | median) mc=$(printf '%s\n' "${Cs[@]}" | median)
  TABLE+=("| $2 | $ma | $mb | **$mr** ($(printf '%s\n' "${Rs[@]}" | minmax)) | $mc |")
  echo "$1: median router $ma, dcmtk $mb inst/s; ratio $mr; router cpu $mc ms/inst"
}
for row in $ROWS; do
  case $row in
    ingest) paired ingest "durable C-STORE ingest, 1 association, vs storescp" "run_ingest 1" "run_storescp $SCP_PORT STORESCP $WORK/scp 1" ;;
    ingest4) paired ingest4 "ingest, 4 associations, vs storescp --fork with 4" "run_ingest 4" "run_storescp $FORK_PORT FORKSCP $WORK/fork 4" ;;
    routed) paired routed "routed (morph 1 tag) until the last file lands, vs storescu -> storescp" run_routed "run_storescp $FORK_PORT FORKSCP $WORK/fork 1" ;;
    outbound) paired outbound "outbound: backlog of $N to storescp (2 associations) vs storescu" run_outbound "run_storescp $FORK_PORT FORKSCP $WORK/fork 1" ;;
    scu) paired scu "the SCU alone (pool, 2 associations, no ledger) vs storescu" run_scu "run_storescp $FORK_PORT FORKSCP $WORK/fork 1" ;;
    large) . "$HERE/large-object.sh" ;;
    disk) # the floor: a durable 0.5 MB write per instance, one at a time, against storescp (no fsync) in the same run
      read -r disk_ms disk_rate <<< "$(node "$HERE/disk-bound.js" "$WORK" "$(ls "$CT_DIR"/*.dcm | head -1)" 200)"
      disk_scp=$(run_storescp "$SCP_PORT" STORESCP "$WORK/scp" 1)
      DISK_LINE="disk floor: write + fdatasync + rename + folder fsync of one 0.5 MB file takes $disk_ms ms (median of 200): at most $disk_rate durable inst/s on one association, $(ratio "$disk_rate" "$disk_scp")x of storescp's $disk_scp inst/s in this run, before any CPU is spent"
      echo "$DISK_LINE" ;;
    *) echo "unknown row $row" >&2; exit 2 ;;
  esac
done

echo
echo "| measure ($MODE, $N CT, median of $PAIRS pairs) | router inst/s | dcmtk inst/s | router/dcmtk (min-max) | router CPU ms/inst |"
echo "|---|---|---|---|---|"
printf '%s\n' "${TABLE[@]}"
[ -z "${LARGE_LINE:-}" ] || echo "$LARGE_LINE"
[ -z "${DISK_LINE:-}" ] || echo "$DISK_LINE"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "${BENCH_ACK_PROBE:-}" ] || grep -h ACK-PROBE "$WORK"/*.log || true

if [ -n "$PROF$PROFILE_ROW" ]; then
  if [ -n "$PROF" ]; then
    for p in "${router_pids[@]}"; do kill -USR2 "$p"; done
    for p in "${router_pids[@]}"; do for _ in $(seq 1 100); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done; done
  fi
  sleep 1   # a phase profile is written asynchronously after its stop mark
  for f in "$WORK"/prof/*.cpuprofile; do echo; echo "== $(basename "$f")"; node "$HERE/cpu-profile-top.js" "$f" 25; done
  [ -n "${BENCH_WORK:-}" ] || { mkdir -p /tmp/axiom-bench-prof && cp "$WORK"/prof/*.cpuprofile /tmp/axiom-bench-prof/ && echo "profiles kept in /tmp/axiom-bench-prof"; }
fi
