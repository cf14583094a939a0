#!/usr/bin/env bash
# Load-engine benchmark: thumbctl load against oha and wrk, on the same nginx, in the same run.
#
#   bench/load.sh [MODE] [ROUNDS]
#
#   closed  (default) closed loop, 16 connections, 5 s: thumbctl (its default threads), oha, wrk -t1
#           and wrk -t2 alternately, ROUNDS times (default 5); median requests/s, CPU seconds and
#           the ratios against oha and against the better of wrk's two settings.
#   rate    open model: --rate 20000 for 10 s (achieved rate, lag), a ramp to 20000/s
#           (--stage 5s:20000,10s:20000: both stages' send rates), then a rate the target cannot
#           hold (--rate 400000 -c 16) to show the report says it fell behind.
#   cpu     CPU seconds at a fixed 5000 requests/s for 10 s: thumbctl --rate 5000 against oha -q 5000,
#           alternately, ROUNDS times.
#   delay   a target that answers after a fixed 50 ms: thumbctl's p50 (16 connections, 5 s), with
#           oha's p50 against the same target as the reference for what the target itself adds.
#   soak    10 minutes at 5000 requests/s, resident memory sampled each minute.
#   all     closed, rate, cpu and delay.
#
#   THUMBCTL_BASELINE=PATH adds another thumbctl binary (an older build, say) to the closed loop as
#   "baseline", so a change can be compared with what came before in the same run.
#
# nginx runs on 127.0.0.1 with one worker and a config written here, answering a small JSON body.
# The 50 ms target is a small Python HTTP/1.1 server (bench/delay_server.py) that sleeps 50 ms with
# time.sleep (nanosleep, microsecond-exact), because nginx-light has no delay module; oha's p50 on it
# is printed next to thumbctl's so the server's own overhead is visible rather than hidden.
# thumbctl runs with its defaults: metrics on (to whatever answers at localhost:8125, usually nothing)
# and trace headers on every request. The machine's cores are shared by the server and the generator,
# so only ratios measured within one run mean anything. Every timed run holds /tmp/bench.lock, so
# benchmarks of other work on the same machine never overlap with it. Not part of `cargo test`.
#
# Any step that fails (a tool's non-zero exit, a report without the number asked for, a server that
# never answers) stops the script with a line saying what failed: a benchmark that carries on past
# a failed run prints numbers that mean nothing.
set -Eeuo pipefail
# Also inside $(...): a failed run in a command substitution stops it instead of printing blanks.
shopt -s inherit_errexit
on_error() { echo "bench/load.sh: stopped: \"$2\" failed (exit $1), line $3" >&2; }
trap 'on_error $? "$BASH_COMMAND" $LINENO' ERR
die() { echo "bench/load.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
mode=${1:-closed}
rounds=${2:-5}
port=${BENCH_PORT:-18080}
delay_port=${BENCH_DELAY_PORT:-18081}
conns=16
duration=5
export PATH="$HOME/.cargo/bin:$PATH"

need() { command -v "$1" >/dev/null 2>&1; }
for tool in nginx wrk oha python3 curl; do
  need $tool || { echo "bench/load.sh: $tool is needed (apt-get install nginx-light wrk curl python3; cargo install oha --locked)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench/load.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
# BENCH_NO_BUILD=1 uses target/release/thumbctl as it is (while another cargo command holds the lock).
[ -n "${BENCH_NO_BUILD:-}" ] || nice -n 10 cargo build --release --quiet --bin thumbctl
thumbctl=$PWD/target/release/thumbctl
baseline=${THUMBCTL_BASELINE:-}
closed_tools=(thumbctl oha wrk1 wrk2)
[ -z "$baseline" ] || closed_tools=(thumbctl baseline oha wrk1 wrk2)

work=$(mktemp -d)
cleanup() {
  nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  if [ -f "$work/delay.pid" ]; then kill "$(cat "$work/delay.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / { default_type application/json; return 200 '{"status":"ok","service":"bench"}'; }
  }
}
NGINX
# wait_until_up URL WHAT [LOG]: returns once URL answers; after 5 s stops the script, showing LOG.
wait_until_up() {
  for _ in $(seq 50); do
    curl -fs "$1" >/dev/null && return 0
    sleep 0.1
  done
  if [ -s "${3:-}" ]; then cat "$3" >&2; fi
  die "$2 did not answer at $1 within 5 s"
}

nginx -p "$work" -c "$work/nginx.conf"
url="http://127.0.0.1:$port/"
wait_until_up "$url" nginx "$work/logs/error.log"

# Holds the shared benchmark lock for one timed command.
locked() { flock /tmp/bench.lock "$@"; }

# json FILE EXPR: EXPR evaluated on the JSON document in FILE, bound to d.
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# need_number WHAT VALUE: stops the script unless VALUE is a number (a tool can exit 0 and still
# print no result, as wrk does when no request succeeds).
need_number() { [[ $2 =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "$1: expected a number, got '$2'"; }

machine() {
  echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr)"
  echo "tools:   $("$thumbctl" --version), $(oha --version), $({ wrk -v 2>&1 || true; } | head -1 | awk '{print $1, $2}'), $(nginx -v 2>&1 | cut -d' ' -f3)"
}

# closed TOOL: prints "requests_per_second cpu_seconds" for one closed-loop run of TOOL.
closed_run() {
  local tool=$1 out="$work/$1.out" timing="$work/$1.time"
  case $tool in
    thumbctl | baseline)
      local binary=$thumbctl
      [ "$tool" = baseline ] && binary=$baseline
      locked /usr/bin/time -f '%U %S' -o "$timing" "$binary" --quiet load url "$url" -c $conns \
        --duration ${duration}s --output-format json >"$out" ;;
    oha) locked /usr/bin/time -f '%U %S' -o "$timing" oha -c $conns -z ${duration}s --no-tui --output-format json "$url" >"$out" ;;
    wrk1) locked /usr/bin/time -f '%U %S' -o "$timing" wrk -t1 -c $conns -d ${duration}s "$url" >"$out" ;;
    wrk2) locked /usr/bin/time -f '%U %S' -o "$timing" wrk -t2 -c $conns -d ${duration}s "$url" >"$out" ;;
  esac
  local rps
  case $tool in
    thumbctl | baseline) rps=$(json "$out" 'd["requests_per_second"]') ;;
    oha) rps=$(json "$out" 'd["summary"]["requestsPerSec"]') ;;
    wrk1 | wrk2) rps=$(awk '/Requests\/sec/ {print $2}' "$out") ;;
  esac
  need_number "$tool requests/s" "$rps"
  echo "$rps $(awk '{print $1 + $2}' "$timing")"
}

closed() {
  echo "== closed loop: $conns connections, ${duration}s, nginx (1 worker) on $url; $rounds rounds"
  : >"$work/results"
  for round in $(seq "$rounds"); do
    for tool in "${closed_tools[@]}"; do
      # Not `read < <(closed_run)`: the exit status of a process substitution is lost.
      numbers=$(closed_run $tool)
      read -r rps cpu <<<"$numbers"
      echo "$tool $rps $cpu" >>"$work/results"
      printf '  round %d  %-8s %10.0f req/s  %6.2f CPU s\n' "$round" "$tool" "$rps" "$cpu"
    done
  done
  python3 - "$work/results" "$duration" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
seconds = float(sys.argv[2])
med = {}
for tool in ("thumbctl", "baseline", "oha", "wrk1", "wrk2"):
    rps = [float(r[1]) for r in rows if r[0] == tool]
    if not rps:
        continue
    cpu = [float(r[2]) for r in rows if r[0] == tool]
    med[tool] = (statistics.median(rps), statistics.median(cpu))
print(f"  {'tool':<10}{'median req/s':>14}{'median CPU s':>14}{'CPU us/req':>12}")
for tool, (rps, cpu) in med.items():
    print(f"  {tool:<10}{rps:>14.0f}{cpu:>14.2f}{cpu / (rps * seconds) * 1e6:>12.2f}")
t = med["thumbctl"][0]
best = max(("wrk1", "wrk2"), key=lambda tool: med[tool][0])
print(f"  thumbctl / oha: {t / med['oha'][0]:.2f}x   (goal >= 1.10x)")
print(f"  thumbctl / wrk at its best ({'-t1' if best == 'wrk1' else '-t2'}): {t / med[best][0]:.2f}x   (goal >= 0.95x)")
if "baseline" in med:
    print(f"  thumbctl / baseline: {t / med['baseline'][0]:.2f}x")
PY
}

rate() {
  echo "== open model: --rate 20000 for 10s against nginx"
  locked "$thumbctl" --quiet load url "$url" --rate 20000 --duration 10s --output-format json >"$work/rate.json"
  python3 - "$work/rate.json" 20000 <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = d["phases"][0]; target = float(sys.argv[2])
sent_rate = p["send_rate"]; lag = p["lag_ms"]; lat = p["latency_ms"]
print(f"  sent {p['sent']} in {p['duration_seconds']} s: send rate {sent_rate:.1f}/s "
      f"({100 * (sent_rate - target) / target:+.3f}% of {target:.0f}; goal within 1%), answered {p['requests_per_second']:.1f}/s")
print(f"  lag ms p50 {lag['p50']} p99 {lag['p99']} max {lag['max']}; behind_schedule {p['behind_schedule']}")
print(f"  latency ms corrected p50 {lat['corrected']['p50']} p99 {lat['corrected']['p99']}; "
      f"uncorrected p50 {lat['uncorrected']['p50']} p99 {lat['uncorrected']['p99']}")
PY
  echo "== open model, a ramp: --stage 5s:20000,10s:20000 against nginx"
  locked "$thumbctl" --quiet load url "$url" --stage 5s:20000,10s:20000 --output-format json >"$work/ramp.json"
  python3 - "$work/ramp.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["phases"][0]
for n, s in enumerate(p["stages"], 1):
    print(f"  stage {n} {s['from_rate']:.0f} -> {s['to_rate']:.0f}/s over {s['duration_seconds']} s: sent {s['sent']} of "
          f"{s['scheduled']:.0f} scheduled ({100 * (s['sent'] - s['scheduled']) / s['scheduled']:+.3f}%; goal within 1%), "
          f"send rate {s['send_rate']:.1f}/s against {s['target_rate']:.0f}/s, lag ms p99 {s['lag_ms']['p99']}")
print(f"  behind_schedule {p['behind_schedule']}, unexpected {p['unexpected']}")
PY
  echo "== overload: --rate 400000 with at most 16 in flight, 5s"
  locked "$thumbctl" --quiet load url "$url" --rate 400000 -c 16 --duration 5s --output-format json >"$work/over.json"
  python3 - "$work/over.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["phases"][0]; lat = p["latency_ms"]
print(f"  send rate {p['send_rate']:.0f}/s of {p['target_rate']:.0f}; lag ms p50 {p['lag_ms']['p50']} max {p['lag_ms']['max']}; "
      f"behind_schedule {p['behind_schedule']}")
print(f"  latency ms corrected p50 {lat['corrected']['p50']} p99 {lat['corrected']['p99']}; "
      f"uncorrected p50 {lat['uncorrected']['p50']} p99 {lat['uncorrected']['p99']}")
PY
}

# run_rounds RESULTS FORMAT COMMAND...: runs COMMAND once per round, ROUNDS times. COMMAND runs the
# tools and prints one line of numbers; the line is added to the file RESULTS (emptied first) and
# shown as "  round N  " then the numbers through the printf format FORMAT.
run_rounds() {
  local results=$1 format=$2 round numbers
  shift 2
  : >"$results"
  for round in $(seq "$rounds"); do
    "$@" >>"$results"
    read -ra numbers < <(tail -n 1 "$results")
    printf "  round %d  $format\n" "$round" "${numbers[@]}"
  done
}

# cpu_round SECONDS: thumbctl, then oha, at 5000 requests/s for SECONDS; prints
# "thumbctl_cpu_s thumbctl_requests oha_cpu_s oha_requests".
cpu_round() {
  local seconds=$1 t_cpu t_n o_cpu o_n
  locked /usr/bin/time -f '%U %S %M' -o "$work/t.time" "$thumbctl" --quiet load url "$url" --rate 5000 \
    --duration "${seconds}s" --output-format json >"$work/t.json"
  t_cpu=$(awk '{print $1 + $2}' "$work/t.time"); t_n=$(json "$work/t.json" 'd["total"]["requests"]')
  locked /usr/bin/time -f '%U %S %M' -o "$work/o.time" oha -q 5000 -z "${seconds}s" --no-tui --output-format json "$url" >"$work/o.json"
  o_cpu=$(awk '{print $1 + $2}' "$work/o.time"); o_n=$(json "$work/o.json" 'sum(d["statusCodeDistribution"].values())')
  echo "$t_cpu $t_n $o_cpu $o_n"
}

cpu() {
  local seconds=10
  echo "== CPU at a fixed 5000 requests/s for ${seconds}s against nginx; $rounds rounds"
  run_rounds "$work/cpu" 'thumbctl %6.2f CPU s (%s requests)   oha %6.2f CPU s (%s requests)' cpu_round "$seconds"
  python3 - "$work/cpu" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
t = statistics.median(r[0] for r in rows); o = statistics.median(r[2] for r in rows)
print(f"  median CPU s: thumbctl {t:.2f}, oha {o:.2f}; thumbctl / oha: {t / o:.2f}x   (goal <= 1.00x)")
PY
}

# delay_round URL: thumbctl, then oha, closed loop against URL; prints
# "thumbctl_p50_ms thumbctl_uncorrected_p50_ms oha_p50_ms".
delay_round() {
  local durl=$1 t o u
  locked "$thumbctl" --quiet load url "$durl" -c $conns --duration ${duration}s --output-format json >"$work/d.json"
  locked oha -c $conns -z ${duration}s --no-tui --output-format json "$durl" >"$work/do.json"
  t=$(json "$work/d.json" 'd["total"]["latency_ms"]["corrected"]["p50"]')
  u=$(json "$work/d.json" 'd["total"]["latency_ms"]["uncorrected"]["p50"]')
  o=$(json "$work/do.json" 'd["latencyPercentiles"]["p50"] * 1000')
  echo "$t $u $o"
}

delay() {
  python3 bench/delay_server.py "$delay_port" 0.05 >"$work/logs/delay.log" 2>&1 &
  echo $! >"$work/delay.pid"
  local durl="http://127.0.0.1:$delay_port/delay"
  wait_until_up "$durl" bench/delay_server.py "$work/logs/delay.log"
  echo "== a target that answers after 50 ms (bench/delay_server.py): $conns connections, ${duration}s; $rounds rounds"
  run_rounds "$work/delay" 'thumbctl p50 %.2f ms (uncorrected %.2f)   oha p50 %.2f ms' delay_round "$durl"
  python3 - "$work/delay" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
t = statistics.median(r[0] for r in rows); o = statistics.median(r[2] for r in rows)
print(f"  median p50: thumbctl {t:.2f} ms ({t - 50:+.2f} ms from 50; goal within 2 ms), oha {o:.2f} ms")
PY
}

soak() {
  local minutes=${SOAK_MINUTES:-10}
  echo "== soak: ${minutes} min at 5000 requests/s against nginx, resident memory each minute"
  # Holds the lock for the whole soak: a benchmark of something else would disturb the schedule.
  # The script in single quotes is expanded by the inner bash, from its arguments.
  # shellcheck disable=SC2016
  flock /tmp/bench.lock bash -c '
    "$1" --quiet load url "$2" --rate 5000 --duration "$3" --output-format json >"$4/soak.json" &
    pid=$!
    for minute in $(seq 0 "$5"); do
      [ "$minute" -gt 0 ] && sleep 60
      kill -0 $pid 2>/dev/null || break
      echo "$minute $(awk "/VmRSS/ {print \$2}" /proc/$pid/status)"
    done >"$4/rss"
    wait $pid
  ' _ "$thumbctl" "$url" "${minutes}m" "$work" "$minutes"
  while read -r minute kb; do printf '  minute %2d  RSS %6d KiB\n' "$minute" "$kb"; done <"$work/rss"
  python3 - "$work/rss" "$work/soak.json" <<'PY'
import json, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 2]
second = next(kb for minute, kb in rows if minute >= 1) if len(rows) > 1 else rows[0][1]
last = rows[-1][1]
print(f"  last sample {last} KiB vs minute-1 sample {second} KiB: {100 * (last - second) / second:+.1f}% (goal within 10%)")
p = json.load(open(sys.argv[2]))["phases"][0]
print(f"  sent {p['sent']}, send rate {p['send_rate']:.1f}/s, unexpected {p['unexpected']}, behind_schedule {p['behind_schedule']}")
PY
}

machine
case $mode in
  closed) closed ;;
  rate) rate ;;
  cpu) cpu ;;
  delay) delay ;;
  soak) soak ;;
  all) closed; rate; cpu; delay ;;
  *) echo "bench/load.sh: unknown mode $mode (closed, rate, cpu, delay, soak, all)" >&2; exit 2 ;;
esac
