# Sourced by .ci/run (issue 15): the real HTTP servers tests/load_keepalive.rs drives thumbctl load
# against, because each closes idle kept-alive connections its own way. Python ones go into a venv
# under target/ (git-ignored), nginx comes from apt. Idempotent. Exports what the tests read; with CI
# set, a test whose server is missing fails instead of skipping.
LOAD_PEERS_VENV="$PWD/target/ci-load-peers"
if ! "$LOAD_PEERS_VENV/bin/python" -c 'import gunicorn, uvicorn, fastapi, flask' 2>/dev/null; then
  echo "== pip install gunicorn uvicorn fastapi flask into $LOAD_PEERS_VENV"
  if ! python3 -m venv "$LOAD_PEERS_VENV" 2>/dev/null; then
    # Debian's python3 has no venv module without python3-venv.
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$LOAD_PEERS_VENV"
    python3 -m venv "$LOAD_PEERS_VENV"
  fi
  "$LOAD_PEERS_VENV/bin/pip" install --quiet --disable-pip-version-check \
    'gunicorn==23.0.0' 'uvicorn==0.32.1' 'fastapi==0.115.6' 'flask==3.1.0'
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "== apt-get install nginx-light"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
export THUMBCTL_TEST_PYTHON="$LOAD_PEERS_VENV/bin/python"
export THUMBCTL_TEST_NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
echo "== load peers: python $THUMBCTL_TEST_PYTHON (gunicorn, uvicorn, fastapi, flask), nginx $THUMBCTL_TEST_NGINX"
