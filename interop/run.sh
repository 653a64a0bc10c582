#!/usr/bin/env bash
# Runs Auth0's own SDKs against fresh local tenants and prints `N passed, M failed`:
#   interop/run.sh [PATH_TO_TOKEX]      (default: target/debug/tokex, or $CARGO_TARGET_DIR's)
# Installs the pinned SDKs itself into git-ignored folders (interop/node/node_modules,
# interop/python/.venv or interop/python/.deps). Starts three tenants on 127.0.0.1 with
# `--unimplemented 404`: one over TLS and one over plain http, and the same two with
# `--rate-limit 1/1` for the 429 checks. Node runs over TLS only (both of its clients build https:// URLs);
# Python runs over TLS and over http. Exits 1 if any check failed or an SDK could not be set up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tokex="${1:-${CARGO_TARGET_DIR:-$here/../target}/debug/tokex}"
[ -x "$tokex" ] || { echo "interop: no tokex binary at $tokex (cargo build first)" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts `tokex dev-tenant ARGS…`; its JSON line goes to $work/NAME.json.
start_tenant() {
  local name="$1"; shift
  "$tokex" dev-tenant --port 0 --unimplemented 404 "$@" > "$work/$name.json" 2> "$work/$name.err" &
  pids+=("$!")
  for _ in $(seq 1 300); do
    [ -s "$work/$name.json" ] && head -n 1 "$work/$name.json" | grep -q '}$' && return 0
    sleep 0.1
  done
  echo "interop: the $name tenant did not start" >&2
  cat "$work/$name.err" >&2
  return 1
}
json_field() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' "$1" "$2"; }

start_tenant tls --tls
start_tenant limited --tls --rate-limit 1/1
start_tenant http
start_tenant limited-http --rate-limit 1/1
# One file with both CAs: the SDKs trust exactly these.
cat "$(json_field "$work/tls.json" ca_file)" "$(json_field "$work/limited.json" ca_file)" > "$work/ca.pem"
tls_line="$(head -n 1 "$work/tls.json")"
limited_line="$(head -n 1 "$work/limited.json")"
http_line="$(head -n 1 "$work/http.json")"
limited_http_line="$(head -n 1 "$work/limited-http.json")"

total_passed=0
total_failed=0
setup_failed=0
# Runs a check script and adds its last line (`N passed, M failed`) to the totals.
tally() {
  local out
  out="$("$@" 2>&1)" || true
  printf '%s\n' "$out"
  local last
  last="$(printf '%s\n' "$out" | tail -n 1)"
  if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_passed=$((total_passed + BASH_REMATCH[1]))
    total_failed=$((total_failed + BASH_REMATCH[2]))
  else
    echo "interop: $1 did not finish its checks" >&2
    total_failed=$((total_failed + 1))
  fi
}

echo "== Node SDK (npm auth0 7.1.0: ManagementClient and auth0/legacy) over TLS"
if (cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
  TOKEX_TENANT="$tls_line" TOKEX_LIMITED_TENANT="$limited_line" NODE_EXTRA_CA_CERTS="$work/ca.pem" \
    tally node "$here/node/check.mjs"
else
  echo "interop: could not install the Node SDK" >&2
  setup_failed=1
fi

echo "== Python SDK (PyPI auth0-python 6.8.0)"
python=""
if [ -x "$here/python/.venv/bin/python" ] || python3 -m venv "$here/python/.venv" >/dev/null 2>&1; then
  if "$here/python/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/python/requirements.txt"; then
    python="$here/python/.venv/bin/python"
  fi
fi
if [ -z "$python" ] && python3 -m pip install --quiet --disable-pip-version-check --target "$here/python/.deps" \
    -r "$here/python/requirements.txt" >/dev/null 2>&1; then
  python="env PYTHONPATH=$here/python/.deps python3"
fi
if [ -n "$python" ]; then
  for mode in tls http; do
    line="$tls_line"; limited="$limited_line"
    [ "$mode" = http ] && line="$http_line" && limited="$limited_http_line"
    # shellcheck disable=SC2086 # $python may carry an env prefix
    TOKEX_MODE="$mode" TOKEX_TENANT="$line" TOKEX_LIMITED_TENANT="$limited" \
      SSL_CERT_FILE="$work/ca.pem" REQUESTS_CA_BUNDLE="$work/ca.pem" tally $python "$here/python/check.py"
  done
else
  echo "interop: could not install the Python SDK (no venv and no pip)" >&2
  setup_failed=1
fi

echo "== all SDKs: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] && [ "$setup_failed" -eq 0 ]
