#!/usr/bin/env bash
# What APM traces cost: thumbctl with --traces against thumbctl without, alternately, in one run.
#
#   bench/traces.sh [ROUNDS] [PHOTOS]
#
#   resize  `thumbctl resize PHOTOS --force` (default /work/photos, or ../shared photos): wall time
#           off and on, ROUNDS times (default 5); the ratio is images/s on / off (goal >= 0.95).
#   load    closed loop, 16 connections, 5 s against nginx (one worker, a small JSON body):
#           requests/s off and on, with default sampling (every trace up to 100 traces/s, then
#           Datadog's rate limit); the ratio is on / off (goal >= 0.9).
#
# Traces go to Datadog's APM test agent (the venv .ci/peers-obs.sh makes under target/, or
# ddapm-test-agent on the PATH) on a free port, so the tracer really encodes and sends. Metrics
# are off in both, so only the traces differ. Every timed run holds /tmp/bench.lock (exclusive).
# Not part of `cargo test`.
set -Eeuo pipefail
shopt -s inherit_errexit
on_error() { echo "bench/traces.sh: stopped: \"$2\" failed (exit $1), line $3" >&2; }
trap 'on_error $? "$BASH_COMMAND" $LINENO' ERR
die() { echo "bench/traces.sh: $*" >&2; exit 1; }
cd "$(dirname "$0")/.."
rounds=${1:-5}
photos=${2:-/work/photos}
[ -d "$photos" ] || die "no photo folder at $photos (bench/photo-corpus.sh makes one)"
export PATH="$HOME/.cargo/bin:$PWD/target/ci-obs-venv/bin:$PATH"
for tool in nginx curl python3 ddapm-test-agent; do
  command -v $tool >/dev/null 2>&1 || die "$tool is needed (nginx-light, curl; ddapm-test-agent: source .ci/peers-obs.sh)"
done
[ -n "${BENCH_NO_BUILD:-}" ] || nice -n 10 flock -s /tmp/bench.lock cargo build --release --quiet --bin thumbctl
thumbctl=$PWD/target/release/thumbctl

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
agent_port=$(free_port)
web_port=$(free_port)
cleanup() {
  nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  [ -z "${agent_pid:-}" ] || kill "$agent_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ddapm-test-agent --port="$agent_port" --otlp-http-port="$(free_port)" --otlp-grpc-port="$(free_port)" \
  >"$work/agent.log" 2>&1 &
agent_pid=$!
mkdir -p "$work/logs"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  server {
    listen 127.0.0.1:$web_port backlog=4096;
    location / { default_type application/json; return 200 '{"status":"ok","service":"bench"}'; }
  }
}
NGINX
nginx -p "$work" -c "$work/nginx.conf"
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$agent_port/info" >/dev/null && curl -fs "http://127.0.0.1:$web_port/" >/dev/null && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$agent_port/info" >/dev/null || die "the test agent did not start: $(cat "$work/agent.log")"
export DD_TRACE_AGENT_URL="http://127.0.0.1:$agent_port"
clear_agent() { curl -fs "$DD_TRACE_AGENT_URL/test/session/clear" >/dev/null || true; }
# The test agent (Python) goes on decoding the spans of a traced run for a second or more after
# thumbctl exits; a run timed during that shares the two cores with it (the untraced resize after a
# traced load measured 10-20% slower). Waits until the agent's CPU time stops growing (10 s at most).
agent_cpu() { awk '{ print $14 + $15 }' "/proc/$agent_pid/stat"; }
settle_agent() {
  local before after
  for _ in $(seq 40); do
    before=$(agent_cpu)
    sleep 0.25
    after=$(agent_cpu)
    [ "$before" = "$after" ] && return
  done
}

echo "machine: $(nproc) cores, $(uname -sr); $("$thumbctl" --version); photos: $(find "$photos" -type f | wc -l) files in $photos"
: >"$work/results"
for round in $(seq "$rounds"); do
  # Off first in odd rounds, on first in even ones: neither always runs after the other.
  modes=(off on)
  [ $((round % 2)) -eq 1 ] || modes=(on off)
  for mode in "${modes[@]}"; do
    flags=(--no-metrics)
    [ $mode = off ] || flags+=(--traces)
    rm -rf "$work/thumbs"
    settle_agent
    # Timed inside the lock, so waiting for it is not counted.
    flock /tmp/bench.lock /usr/bin/time -f %e -o "$work/resize.time" \
      "$thumbctl" "${flags[@]}" --quiet resize "$photos" --out "$work/thumbs" --force || [ $? -eq 1 ]
    seconds=$(tail -1 "$work/resize.time")
    echo "resize $mode $seconds" >>"$work/results"
    printf '  round %d  resize  traces %-3s %7.2f s\n' "$round" $mode "$seconds"
    clear_agent
    settle_agent
    flock /tmp/bench.lock "$thumbctl" "${flags[@]}" --quiet load url "http://127.0.0.1:$web_port/" -c 16 \
      --duration 5s --output-format json >"$work/load.json"
    rps=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests_per_second"])' "$work/load.json")
    echo "load $mode $rps" >>"$work/results"
    printf '  round %d  load    traces %-3s %7.0f req/s\n' "$round" $mode "$rps"
    clear_agent
  done
done
python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = lambda job, mode: statistics.median(float(r[2]) for r in rows if r[0] == job and r[1] == mode)
resize = med("resize", "off") / med("resize", "on")
load = med("load", "on") / med("load", "off")
print(f"resize: median {med('resize','off'):.2f} s off, {med('resize','on'):.2f} s on: traces on = {resize:.3f}x the speed of off (goal >= 0.95)")
print(f"load:   median {med('load','off'):.0f} req/s off, {med('load','on'):.0f} req/s on: traces on = {load:.3f}x (goal >= 0.90)")
PY
