#!/usr/bin/env bash
# loadtest/sample-process.sh PID OUT: every second, epoch, ps %cpu (lifetime average), rss KB, and the CPU% used in that
# second (utime+stime delta from /proc/PID/stat; 100 = one core). Stops when PID exits.
pid=$1; out=$2; hz=$(getconf CLK_TCK)
prev=$(awk '{print $14+$15}' /proc/$pid/stat)
echo "epoch ps_cpu rss_kb cpu_pct_interval" > "$out"
while kill -0 "$pid" 2>/dev/null; do
  sleep 1
  now=$(awk '{print $14+$15}' /proc/$pid/stat 2>/dev/null) || break
  echo "$(date +%s) $(ps -o %cpu=,rss= -p "$pid" | xargs) $(( (now-prev)*100/hz ))" >> "$out"
  prev=$now
done
