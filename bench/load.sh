#!/usr/bin/env bash
# Load-engine benchmark: thumbctl load against oha and wrk, on the same nginx, in the same run.
#
#   bench/load.sh [ROUNDS]        (default 3 rounds; each round runs every tool once, alternately)
#
# Starts nginx on 127.0.0.1 with one worker answering a small JSON body, from a config it writes itself,
# and prints requests/s, CPU seconds and the ratios. The machine's cores are shared by the server and
# the generator, so only ratios measured within one run mean anything. Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
port=${BENCH_PORT:-18080}
conns=16
duration=5

need() { command -v "$1" >/dev/null 2>&1; }
if ! need nginx || ! need wrk; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null
fi
need oha || cargo install oha --locked
cargo build --release --quiet
thumbctl=target/release/thumbctl

work=$(mktemp -d)
trap 'nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  server {
    listen 127.0.0.1:$port;
    location / { default_type application/json; return 200 '{"status":"ok","service":"bench"}'; }
  }
}
NGINX
nginx -p "$work" -c "$work/nginx.conf"
url="http://127.0.0.1:$port/"
for _ in $(seq 50); do curl -fs "$url" >/dev/null && break; sleep 0.1; done

# run TOOL: prints "requests_per_second cpu_seconds" for one run of TOOL.
run() {
  local tool=$1 out="$work/$1.out" timing="$work/$1.time"
  case $tool in
    thumbctl) /usr/bin/time -f '%U %S' -o "$timing" "$thumbctl" load url "$url" -c $conns --duration ${duration}s \
                --output-format json --no-metrics --quiet >"$out" ;;
    oha) /usr/bin/time -f '%U %S' -o "$timing" oha -c $conns -z ${duration}s --no-tui --output-format json "$url" >"$out" ;;
    wrk) /usr/bin/time -f '%U %S' -o "$timing" wrk -t2 -c $conns -d ${duration}s "$url" >"$out" ;;
  esac
  local rps
  case $tool in
    thumbctl) rps=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests_per_second"])' "$out") ;;
    oha) rps=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["requestsPerSec"])' "$out") ;;
    wrk) rps=$(awk '/Requests\/sec/ {print $2}' "$out") ;;
  esac
  echo "$rps $(awk '{print $1 + $2}' "$timing")"
}

echo "closed loop: $conns connections, ${duration}s, nginx (1 worker) on $url; $rounds rounds"
: >"$work/results"
for round in $(seq "$rounds"); do
  for tool in thumbctl oha wrk; do
    read -r rps cpu < <(run $tool)
    echo "$tool $rps $cpu" >>"$work/results"
    printf '  round %d  %-8s %10.0f req/s  %6.2f CPU s\n' "$round" "$tool" "$rps" "$cpu"
  done
done

python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = {}
for tool in ("thumbctl", "oha", "wrk"):
    rps = [float(r[1]) for r in rows if r[0] == tool]
    cpu = [float(r[2]) for r in rows if r[0] == tool]
    med[tool] = (statistics.median(rps), statistics.median(cpu))
print()
print(f"{'tool':<10}{'median req/s':>14}{'median CPU s':>14}{'CPU us/req':>12}")
for tool, (rps, cpu) in med.items():
    print(f"{tool:<10}{rps:>14.0f}{cpu:>14.2f}{cpu / (rps * 5) * 1e6:>12.1f}")
t = med["thumbctl"][0]
print()
print(f"thumbctl / oha: {t / med['oha'][0]:.2f}x   (goal >= 1.10x)")
print(f"thumbctl / wrk: {t / med['wrk'][0]:.2f}x   (goal >= 0.75x)")
PY
