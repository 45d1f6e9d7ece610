#!/usr/bin/env bash
# STOW-RS rows of npm run bench: the router (embedded mode, each instance routed to a filesystem
# destination) against Orthanc's STOW-RS (DICOMweb plugin), in the same run, every figure a median
# of PAIRS paired runs (router A, Orthanc B, alternately, so both see the same load).
#
#   stow      the CT corpus (../shared/bench/make-corpus.sh, CT_COUNT files of 0.5 MB) posted with
#             curl in requests of STOW_BATCH instances (bodies built before the clock starts, one
#             request after the other), until the last answer: acknowledged inst/s. Orthanc's
#             copy of the study is deleted between its runs, so it never overwrites.
#   stow-1g   peak RSS (VmHWM, reset first) of the router receiving one STOW-RS request whose only
#             part is a LARGE_FRAMES-frame multi-frame (2000 frames = 1 GiB), chunked, streamed by
#             curl from the file; and the time until it was acknowledged.
#
#   PAIRS=5 CT_COUNT=400 STOW_BATCH=50 LARGE_FRAMES=2000 STOW_ROWS="stow-1g stow" BENCH_WORK BENCH_CORPUS BENCH_DIST
set -euo pipefail
shopt -s inherit_errexit
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${AXIOM_SHARED_DIR:-$ROOT/../shared}
. "$HERE/bench-lib.sh"
PAIRS=${PAIRS:-5} CT_COUNT=${CT_COUNT:-400} STOW_BATCH=${STOW_BATCH:-50} LARGE_FRAMES=${LARGE_FRAMES:-2000}
ROWS=${STOW_ROWS:-stow-1g stow}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/axiom-stow-bench.XXXXXX)}
CORPUS=${BENCH_CORPUS:-/tmp/axiom-bench-corpus-$CT_COUNT}
KEY=benchadmin_0123456789abcdefABCDEF
BOUNDARY=axiom-bench-boundary
read -r API_PORT LISTENER_PORT ORTHANC_HTTP ORTHANC_DICOM <<< "$(free_ports 4)"
pids=() router_pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  [ -n "${BENCH_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 143" TERM INT

# ---- corpus (made once, kept), bodies, build -----------------------------------------------
if [ ! -d "$CORPUS/ct" ] || [ "$(ls "$CORPUS/ct" | wc -l)" -lt "$CT_COUNT" ]; then
  STUDIES=1 SERIES=$(( (CT_COUNT + 99) / 100 )) PER_SERIES=100 SMALL=0 LARGE_FRAMES="" \
    bash "$SHARED/bench/make-corpus.sh" "$CORPUS" > /dev/null
fi
LARGE_FILE=
if [[ " $ROWS " == *" stow-1g "* ]]; then
  LARGE_FILE=$(ls "$CORPUS"/large/mf-1-"${LARGE_FRAMES}"frames.dcm "$CORPUS"/stow-large/large/mf-1-"${LARGE_FRAMES}"frames.dcm 2> /dev/null | head -1 || true)
  if [ -z "$LARGE_FILE" ]; then
    STUDIES=0 SMALL=0 LARGE_FRAMES=$LARGE_FRAMES bash "$SHARED/bench/make-corpus.sh" "$CORPUS/stow-large" > /dev/null
    LARGE_FILE=$CORPUS/stow-large/large/mf-1-${LARGE_FRAMES}frames.dcm
  fi
fi
mkdir -p "$WORK/bodies" "$WORK/out"
ls "$CORPUS/ct" | sort | head -n "$CT_COUNT" > "$WORK/list"
N=$(wc -l < "$WORK/list")
split -l "$STOW_BATCH" -d -a 3 "$WORK/list" "$WORK/bodies/list."
for l in "$WORK"/bodies/list.*; do
  { while read -r f; do printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$BOUNDARY"; cat "$CORPUS/ct/$f"; printf '\r\n'; done < "$l"
    printf -- '--%s--\r\n' "$BOUNDARY"; } > "${l/list./body.}"
  rm "$l"
done
DIST=${BENCH_DIST:-$ROOT/dist}
[ -f "$DIST/apps/standalone/src/main.js" ] || node "$ROOT/tools/build.js"

# ---- the router (embedded) and Orthanc ----------------------------------------------------------
LOG_LEVEL=warn SWEEP_INTERVAL_MS=250 AXIOM_ADMIN_API_KEY=$KEY AXIOM_DATA_DIR=$WORK/router PORT=$API_PORT \
  AXIOM_DEFAULT_LISTENER_PORT=$LISTENER_PORT node -r "$DIST/tools/runtime/register-aliases.js" "$DIST/apps/standalone/src/main.js" > "$WORK/router.log" 2>&1 &
pids+=($!) router_pids+=($!)
ORTHANC_PID=$(bash "$SHARED/peers/start-orthanc.sh" "$WORK/orthanc" "$ORTHANC_HTTP" "$ORTHANC_DICOM")
pids+=("$ORTHANC_PID")
wait_http "http://127.0.0.1:$API_PORT/api/v1/docs"
FS_ID=$(api_call POST config/storage-backends "{\"name\":\"bench-fs\",\"backend_type\":\"filesystem\",\"path\":\"$WORK/out\"}" | json_id)
RS_ID=$(api_call POST rules-engine/rulesets '{"name":"bench","execution_mode":"ALL_MATCHES"}' | json_id)
api_call POST rules-engine/rules "{\"ruleset_id\":$RS_ID,\"name\":\"stow\",\"match_criteria\":[],\"applicable_sources\":[\"stow_rs\"],\"destination_ids\":[$FS_ID]}" > /dev/null
ROUTER_STOW=http://127.0.0.1:$API_PORT/api/v1/dicomweb/studies
ORTHANC_STOW=http://127.0.0.1:$ORTHANC_HTTP/dicom-web/studies
echo "STOW-RS: corpus $N CT files in requests of $STOW_BATCH; embedded mode vs Orthanc $(curl -s "http://127.0.0.1:$ORTHANC_HTTP/system" | grep -o '"Version" : "[^"]*"' | cut -d'"' -f4); $PAIRS pairs; load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- one run: posts every body, one request after the other; prints inst/s ------------------------
post_all() { # url auth-header
  local b code t0 t1; t0=$(now)
  for b in "$WORK"/bodies/body.*; do
    code=$(curl -sS -o "$WORK/answer" -w '%{http_code}' -X POST --data-binary @"$b" -H "$2" -H 'Accept: application/dicom+json' \
      -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$BOUNDARY" "$1")
    [ "$code" = 200 ] || { echo "STOW-RS to $1: HTTP $code: $(head -c 300 "$WORK/answer")" >&2; return 1; }
  done
  t1=$(now); rate "$N" "$t0" "$t1"
}
run_router() {
  wait_quiet 120 "${router_pids[@]}"; find "$WORK/out" -mindepth 1 -delete
  post_all "$ROUTER_STOW" "Authorization: Api-Key $KEY"
}
run_orthanc() {
  local s; for s in $(curl -sf "http://127.0.0.1:$ORTHANC_HTTP/studies" | tr -d '[]" \n' | tr ',' ' '); do
    curl -sf -X DELETE "http://127.0.0.1:$ORTHANC_HTTP/studies/$s" > /dev/null
  done
  post_all "$ORTHANC_STOW" 'X-Bench: orthanc'
}

TABLE=()
for row in $ROWS; do
  case $row in
    stow)
      As=() Bs=() Rs=()
      for ((i = 1; i <= PAIRS; i++)); do
        a=$(run_router) || { echo "stow: router run failed" >&2; exit 1; }
        b=$(run_orthanc) || { echo "stow: Orthanc run failed" >&2; exit 1; }
        r=$(ratio "$a" "$b"); As+=("$a") Bs+=("$b") Rs+=("$r")
        echo "  stow pair $i: router $a inst/s, Orthanc $b inst/s, ratio $r"
      done
      ma=$(printf '%s\n' "${As[@]}" | median) mb=$(printf '%s\n' "${Bs[@]}" | median) mr=$(printf '%s\n' "${Rs[@]}" | median)
      TABLE+=("| STOW-RS ingest, $N CT in requests of $STOW_BATCH | $ma | $mb | **$mr** ($(printf '%s\n' "${Rs[@]}" | minmax)) |")
      echo "stow: median router $ma, Orthanc $mb inst/s; ratio $mr (target >= 1.5)" ;;
    stow-1g)
      size=$(stat -c %s "$LARGE_FILE")
      wait_quiet 120 "${router_pids[@]}"; reset_peak_rss "${router_pids[@]}"
      before=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/${router_pids[0]}/status")
      t0=$(now)
      code=$({ printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$BOUNDARY"; cat "$LARGE_FILE"; printf -- '\r\n--%s--\r\n' "$BOUNDARY"; } |
        curl -sS -o "$WORK/answer" -w '%{http_code}' -X POST -T - -H "Authorization: Api-Key $KEY" -H 'Accept: application/dicom+json' \
          -H "Content-Type: multipart/related; type=\"application/dicom\"; boundary=$BOUNDARY" "$ROUTER_STOW")
      t1=$(now)
      [ "$code" = 200 ] || { echo "stow-1g: HTTP $code: $(head -c 300 "$WORK/answer")" >&2; exit 1; }
      wait_files "$WORK/out" 1 600; wait_quiet 120 "${router_pids[@]}"
      peak=$(peak_rss_mib "${router_pids[0]}")
      find "$WORK/out" -mindepth 1 -delete
      sync   # the 1 GiB written back now, not during the timed rows' fsyncs
      LARGE_LINE="| peak RSS receiving one $((size / 1048576)) MiB STOW-RS part (chunked) and routing it | standalone $peak MiB ($before before) | acked in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s | target < 300 MiB |"
      echo "stow-1g: $LARGE_LINE" ;;
    *) echo "unknown row $row" >&2; exit 2 ;;
  esac
done

echo
echo "| measure (embedded, median of $PAIRS pairs) | router inst/s | Orthanc inst/s | router/Orthanc (min-max) |"
echo "|---|---|---|---|"
printf '%s\n' "${TABLE[@]}"
[ -z "${LARGE_LINE:-}" ] || echo "$LARGE_LINE"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
