# Sourced by cstore-bench.sh (row "large"): one large multi-frame is received, morphed (one tag)
# and forwarded to storescp; the router's peak RSS (VmHWM, reset first) is the figure.
large_size=$(stat -c %s "$LARGE_FILE")
wait_quiet 120 "${router_pids[@]}"; clear_dir "$WORK/fork"; reset_peak_rss "${router_pids[@]}"
rss_before=(); for p in "${router_pids[@]}"; do rss_before+=("$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$p/status")"); done
c0=$(cpu_ticks "${router_pids[@]}"); t0=$(now)
TCP_NODELAY=1 storescu -q -aet ROUTED -aec AXIOM 127.0.0.1 "$ROUTER_PORT" "$LARGE_FILE"; t_acked=$(now)
deadline=$(( $(date +%s) + 600 ))
until f=$(find "$WORK/fork" -type f | head -1) && [ -n "$f" ] && [ "$(stat -c %s "$f")" -ge $((large_size - 4096)) ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "large: nothing forwarded within 600 s" >&2; exit 1; }
  sleep 0.2
done
t1=$(now); wait_quiet 120 "${router_pids[@]}"
grep -q 'AXIOM BENCH ROUTED' <(dcmdump -q +P InstitutionName "$f") || { echo "large: the forwarded file lacks the morphed tag" >&2; exit 1; }
rss=(); i=0
for p in "${router_pids[@]}"; do
  rss+=("$(tr '\0' ' ' < "/proc/$p/cmdline" | grep -o 'apps/[a-z-]*' | cut -d/ -f2) $(peak_rss_mib "$p") MiB (${rss_before[$i]} before)"); i=$((i + 1))
done
cpu=$(awk -v c="$(( $(cpu_ticks "${router_pids[@]}") - c0 ))" -v hz="$HZ" 'BEGIN { printf "%.1f", c / hz }')
LARGE_LINE="| peak RSS receiving, morphing, forwarding a $((large_size / 1048576)) MiB multi-frame | $(IFS=,; echo "${rss[*]}") | acked in $(awk -v a="$t0" -v b="$t_acked" 'BEGIN { printf "%.1f", b - a }') s, forwarded in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s | router cpu $cpu s |"
echo "large: $LARGE_LINE"
