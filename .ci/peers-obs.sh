# Sourced by .ci/run (issue 16: logs, traces, Prometheus). Installs the peers the tests of
# tests/apm.rs and tests/prometheus.rs run against, and exports where they are; each test starts
# its own instance on free 127.0.0.1 ports (the test agent, gunicorn, a Pushgateway with its own
# --persistence.file), so nothing is left running here. Idempotent.
#   - a venv under target/ with Datadog's APM test agent, ddtrace, Flask and gunicorn (PyPI)
#   - Debian's prometheus-pushgateway and prometheus (for promtool)

obs_venv="$PWD/target/ci-obs-venv"
obs_python_packages=(ddapm-test-agent ddtrace flask gunicorn)
if ! "$obs_venv/bin/python" -c 'import ddapm_test_agent, ddtrace, flask, gunicorn' 2>/dev/null; then
  echo "== pip install ${obs_python_packages[*]} into $obs_venv"
  # Debian's python3 needs python3-venv for this.
  python3 -m venv "$obs_venv" 2>/dev/null || {
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$obs_venv"
  }
  "$obs_venv/bin/pip" install --quiet --disable-pip-version-check "${obs_python_packages[@]}"
fi
export THUMBCTL_TEST_APM_VENV="$obs_venv/bin"

obs_apt=()
command -v prometheus-pushgateway >/dev/null 2>&1 || obs_apt+=(prometheus-pushgateway)
command -v promtool >/dev/null 2>&1 || obs_apt+=(prometheus)
if [ ${#obs_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${obs_apt[*]}"
  apt-get update -qq
  # The packages' services are not wanted (the tests start their own): a policy-rc.d that says
  # no, unless the machine has one already.
  obs_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    obs_policy=/usr/sbin/policy-rc.d
  fi
  apt-get install -y -qq --no-install-recommends "${obs_apt[@]}" >/dev/null
  [ -z "$obs_policy" ] || rm -f "$obs_policy"
fi
export THUMBCTL_TEST_PUSHGATEWAY="$(command -v prometheus-pushgateway)"
export THUMBCTL_TEST_PROMTOOL="$(command -v promtool)"
echo "== obs peers: APM venv $THUMBCTL_TEST_APM_VENV, $THUMBCTL_TEST_PUSHGATEWAY, $THUMBCTL_TEST_PROMTOOL"
