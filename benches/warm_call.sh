#!/usr/bin/env bash
# A warm call reuses its connection: one `tokex call --repeat N` process makes N calls over
# its one keep-alive client; the first pays for the TCP connect, the rest should not. curl on
# the same endpoint gives the baseline: one process per call (cold) and two URLs in one
# process (warm).
#
#   benches/warm_call.sh [ROUNDS]        (default 20; uses target/release/tokex)
#
# Starts its own `tokex dev-tenant --port 0` and stops it at the end.
set -euo pipefail

rounds=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TOKEX_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/tokex}
[ -x "$bin" ] || { echo "build it first: cargo build --release (looked for $bin)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed (JSON and statistics)" >&2; exit 1; }

work=$(mktemp -d)
"$bin" dev-tenant --port 0 >"$work/announce.json" 2>"$work/tenant.log" &
tenant=$!
trap 'kill "$tenant" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/announce.json" ] && break; sleep 0.05; done

read -r domain client_id secret < <(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
c = next(c for c in a["clients"] if c["name"] == "tokex-admin")
print(a["domain"], c["client_id"], c["client_secret"])' "$work/announce.json")
token=$(curl -sS -d grant_type=client_credentials -d client_id="$client_id" -d client_secret="$secret" \
  -d audience="$domain/api/v2/" "$domain/oauth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
url="$domain/api/v2/tenants/settings"

: >"$work/first" ; : >"$work/second" ; : >"$work/curl_cold" ; : >"$work/curl_warm"
for _ in $(seq "$rounds"); do
  # tokex: two calls in one process; latency from the "HTTP 200 OK · N ms" lines (ms).
  "$bin" call GET /tenants/settings --repeat 2 --token "$token" --domain "$domain" 2>"$work/err" >/dev/null
  grep -o '· [0-9.]* ms' "$work/err" | awk 'NR==1{print $2 >> "'"$work/first"'"} NR==2{print $2 >> "'"$work/second"'"}'
  # curl: time_total per transfer, in seconds; two URLs in one process reuse the connection.
  curl -sS -o /dev/null -H "Authorization: Bearer $token" -w '%{time_total}\n' "$url" >>"$work/curl_cold"
  curl -sS -o /dev/null -o /dev/null -H "Authorization: Bearer $token" -w '%{time_total} %{num_connects}\n' "$url" "$url" \
    | awk 'NR==2{print $1; if ($2 != 0) print "curl opened a new connection for the second URL" > "/dev/stderr"}' >>"$work/curl_warm"
done

python3 - "$work" "$rounds" <<'PY'
import statistics, sys, os
work, rounds = sys.argv[1], sys.argv[2]
def load(name, scale):
    with open(os.path.join(work, name)) as f:
        return [float(x) * scale for x in f.read().split()]
rows = [
    ("tokex first call (new connection)", load("first", 1)),
    ("tokex second call (same process)", load("second", 1)),
    ("curl, one call per process", load("curl_cold", 1000)),
    ("curl, second URL in one process", load("curl_warm", 1000)),
]
print(f"GET /api/v2/tenants/settings on the local tenant, {rounds} rounds (ms)")
print(f"{'':38} {'median':>8} {'p90':>8} {'min':>8}")
for name, xs in rows:
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(len(xs) * 0.9))]
    print(f"{name:38} {statistics.median(xs):8.2f} {p90:8.2f} {xs[0]:8.2f}")
PY
