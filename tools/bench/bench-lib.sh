#!/usr/bin/env bash
# Helpers sourced by cstore-bench.sh: ports, processes, the router's API, timing and CPU.
# Nothing here starts work by itself.

HZ=$(getconf CLK_TCK)

# N distinct free TCP ports on 127.0.0.1, from the OS (all held until every one is known).
free_ports() {
  node -e '
    const net = require("node:net");
    const n = Number(process.argv[1]);
    Promise.all(Array.from({ length: n }, () => new Promise((ok, ko) => {
      const s = net.createServer(); s.once("error", ko); s.listen(0, "127.0.0.1", () => ok(s));
    }))).then((ss) => { console.log(ss.map((s) => s.address().port).join(" ")); ss.forEach((s) => s.close()); });
  ' "$1"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
rate() { awk -v n="$1" -v t0="$2" -v t1="$3" 'BEGIN { printf "%.1f", n / (t1 - t0) }'; }

# CPU ticks (utime + stime) summed over the given PIDs; BENCH_CPU=user|system counts one of them.
cpu_ticks() {
  local t=0 p expr='$14 + $15'
  case "${BENCH_CPU:-}" in user) expr='$14' ;; system) expr='$15' ;; esac
  for p in "$@"; do t=$((t + $(awk "{ print $expr }" "/proc/$p/stat"))); done; echo "$t"
}
# ms of CPU per instance: ticks, instance count
ms_per_inst() { awk -v c="$1" -v n="$2" -v hz="$HZ" 'BEGIN { printf "%.2f", 1000 * c / hz / n }'; }
peak_rss_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
reset_peak_rss() { local p; for p in "$@"; do echo 5 > "/proc/$p/clear_refs"; done; }

# Waits until the PIDs use less than 3 % of a core over half a second (the router has drained
# its background work), at most $1 seconds.
wait_quiet() {
  local limit=$1 deadline; shift
  deadline=$(( $(date +%s) + limit ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    local c0 c1; c0=$(cpu_ticks "$@"); sleep 0.5; c1=$(cpu_ticks "$@")
    [ $(( (c1 - c0) * 100 )) -lt $(( HZ * 3 / 2 )) ] && return 0
  done
  echo "warning: the router did not go quiet within ${limit}s" >&2
}

# Files under a folder (storescp's output, a filesystem destination), without partial ones.
count_files() { find "$1" -type f ! -name '*.tmp' ! -name '*.part' 2> /dev/null | wc -l; }

# Waits until folder $1 holds $2 files, at most $3 seconds; fails otherwise.
wait_files() {
  local deadline=$(( $(date +%s) + $3 ))
  while [ "$(count_files "$1")" -lt "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out: $(count_files "$1") of $2 files in $1" >&2; return 1; }
    sleep 0.02
  done
}

# storescu over every *.dcm of a folder in one association ($JOBS associations when set).
send_folder() { # host port called_ae calling_ae dir [jobs]
  local list; list=$(mktemp /tmp/axiom-bench-list.XXXXXX)
  find -L "$5" -maxdepth 1 -type f -name '*.dcm' | sort > "$list"
  split -n "l/${6:-1}" "$list" "$list".part.
  local part pids=() rc=0
  for part in "$list".part.*; do
    TCP_NODELAY=1 xargs -a "$part" storescu -q -aet "$4" -aec "$3" "$1" "$2" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  rm -f "$list" "$list".part.*
  return $rc
}

api_call() { # method path [json]
  curl -sf -X "$1" "http://127.0.0.1:$API_PORT/api/v1/$2" -H "Authorization: Api-Key $KEY" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
json_id() { node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).id))'; }

wait_http() { local _; for _ in $(seq 1 240); do curl -sf "$1" > /dev/null && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
wait_echo() { local _; for _ in $(seq 1 120); do echoscu -aec "$1" 127.0.0.1 "$2" 2> /dev/null && return 0; sleep 0.5; done; echo "no C-ECHO answer from $1 on $2" >&2; return 1; }
