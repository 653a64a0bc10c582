#!/usr/bin/env bash
# tokex against its peers, side by side on this machine: every row of the performance table
# (README "Performance") as tokex / peer / ratio.
#
#   benches/compare.sh            (IDLE_SECONDS=30 ROUNDS=7 LOAD_SECONDS=10 by default)
#   TENANT_COST=1 benches/compare.sh   also estimates the local tenant's share of the binary
#
# Installs what it needs the first time, into git-ignored folders:
#   benches/peers/          jwt-cli 6 (`jwt`) and jwt-ui 1 (`jwtui`)   cargo install --locked --root
#   benches/oidc/node_modules/   the npm package oidc-provider (pinned in benches/oidc/package.json)
#   benches/compare/paste-probe/target/   the paste row's baseline, a minimal ratatui program
#   valgrind (callgrind: instruction counts) and wrk (HTTP load) with apt-get when missing.
# Wall-clock rows run tokex and its peer alternately, ROUNDS times each, and report medians
# (wall times drift on a shared machine; callgrind's instruction counts do not). Every wait
# and every load run is bounded in time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
here=$root/benches/compare
peers=$root/benches/peers
idle_seconds=${IDLE_SECONDS:-30}
rounds=${ROUNDS:-7}
load_seconds=${LOAD_SECONDS:-10}
work=$(mktemp -d /tmp/tokex-compare.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
note() { printf '%s\n' "$*" >&2; }

# --- tools and peers ---------------------------------------------------------------------
for tool in valgrind wrk; do
  if ! command -v "$tool" >/dev/null; then
    note "installing $tool with apt-get (needed for the $tool rows)"
    apt-get install -y "$tool" >/dev/null
  fi
done
command -v python3 >/dev/null || { note "python3 is needed"; exit 1; }
command -v curl >/dev/null || { note "curl is needed"; exit 1; }
command -v cc >/dev/null || { note "cc (the Rust toolchain's linker) is needed for the peak-memory launcher"; exit 1; }
command -v node >/dev/null || { note "node and npm are needed for oidc-provider"; exit 1; }
# NO_INSTALL=1 measures with whatever peers are already there (the others' rows say so).
install=$([ "${NO_INSTALL:-0}" = 1 ] && echo no || echo yes)
if [ "$install" = yes ] && { [ ! -x "$peers/bin/jwt" ] || [ ! -x "$peers/bin/jwtui" ]; }; then
  note "installing jwt-cli and jwt-ui into $peers (slow the first time)"
  nice -n 19 cargo install --locked --root "$peers" jwt-cli jwt-ui
fi
if [ "$install" = yes ] && [ ! -d "$root/benches/oidc/node_modules/oidc-provider" ]; then
  note "installing oidc-provider into benches/oidc/node_modules"
  (cd "$root/benches/oidc" && nice -n 19 npm install --no-audit --no-fund >/dev/null)
fi

# --- builds ------------------------------------------------------------------------------
(cd "$root" && cargo build --release --quiet --bin tokex)
if [ "$install" = yes ]; then
  cp "$root/Cargo.lock" "$here/paste-probe/Cargo.lock"
  cargo build --release --quiet --manifest-path "$here/paste-probe/Cargo.toml"
fi
tokex=$root/target/release/tokex
probe=$here/paste-probe/target/release/paste-probe
jwt=$peers/bin/jwt
jwtui=$peers/bin/jwtui
have() { [ -x "$1" ]; }

python3 "$here/tokens.py" "$work"
small=$(cat "$work/small.jwt")
rows=$work/rows.tsv
: >"$rows"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }   # figure unit tokex peer-name peer goal

# Instructions retired by a whole process (loader, runtime and all), from callgrind.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/Collected/ { print $NF }'
}
# Peak resident memory (kB) of a command reading the given stdin, its output discarded, from a
# small C launcher (see maxrss.c for why not Python: its own 14 MB would be counted).
cc -O2 -o "$work/maxrss" "$here/maxrss.c"
peak_rss_kb() { "$work/maxrss" "$@"; }
# Both print nothing for no values (a peer that is not installed).
median() { python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]) if sys.argv[1:] else "")' "$@"; }
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$1" "$2"; }
mb() { awk '{ if ($1 != "") print $1 / 1024 }'; }
millions() { awk '{ if ($1 != "") print $1 / 1e6 }'; }

# --- decode ------------------------------------------------------------------------------
note "decode (callgrind)"
t=() p=()
for _ in 1 2; do
  t+=("$(instructions "$tokex" decode "$small")")
  have "$jwt" && p+=("$(instructions "$jwt" decode "$small")")
done
row "\`tokex decode\` of a 1.8 KB token: instructions" M "$(median "${t[@]}" | millions)" \
  "jwt-cli \`jwt decode\`" "$(median "${p[@]}" | millions)" "≤ 1.0×"

t=$(instructions "$tokex" decode - <"$work/big.jwt")
p=$(have "$jwt" && instructions "$jwt" decode - <"$work/big.jwt" || true)
row "\`decode -\` of a 1.4 MB token via stdin: instructions" M "$(echo "$t" | millions)" \
  "jwt-cli" "$(echo "$p" | millions)" "≤ 0.5×"
t=() p=()
for _ in $(seq 3); do
  t+=("$(peak_rss_kb "$tokex" decode - <"$work/big.jwt")")
  have "$jwt" && p+=("$(peak_rss_kb "$jwt" decode - <"$work/big.jwt")")
done
row "\`decode -\` of a 1.4 MB token via stdin: peak RSS" MiB "$(median "${t[@]}" | mb)" \
  "jwt-cli" "$(median "${p[@]}" | mb)" "≤ 0.5×"

# --- TUI ---------------------------------------------------------------------------------
note "TUI first frame, idle, paste (pseudo-terminal 120x40)"
t=() p=()
for _ in $(seq "$rounds"); do
  t+=("$(field "$(python3 "$here/tui_probe.py" first-frame benchsubject -- "$tokex" "$small")" ms)")
  have "$jwtui" && p+=("$(field "$(python3 "$here/tui_probe.py" first-frame benchsubject -- "$jwtui" "$small")" ms)")
done
row "TUI: launch → first frame (token shown)" ms "$(median "${t[@]}")" "jwt-ui" "$(median "${p[@]}")" "≤ 1.0×"

t=$(python3 "$here/tui_probe.py" idle benchsubject "$idle_seconds" -- "$tokex" "$small")
p='{}'
have "$jwtui" && p=$(python3 "$here/tui_probe.py" idle benchsubject "$idle_seconds" -- "$jwtui" "$small")
row "TUI idle ${idle_seconds} s, a token shown: CPU" "%" "$(field "$t" cpu_percent)" "jwt-ui" "$(field "$p" cpu_percent)" "≤ 0.2×"
row "TUI idle ${idle_seconds} s, a token shown: wake-ups per second" "/s" "$(field "$t" wakeups_per_s)" \
  "jwt-ui" "$(field "$p" wakeups_per_s)" "≤ 1 /s"
row "TUI idle resident memory" MiB "$(field "$t" rss_kb | mb)" \
  "jwt-ui" "$(field "$p" rss_kb | mb)" "≤ 2.0×"

t=() p=() tr=() pr=()
for _ in $(seq "$rounds"); do
  # Markers are single words: ratatui moves the cursor over blank cells instead of writing them.
  r=$(python3 "$here/tui_probe.py" paste "yet." pastedsubject "$work/big.jwt" -- "$tokex")
  t+=("$(field "$r" ms)") tr+=("$(field "$r" peak_rss_kb)")
  if have "$probe"; then
    r=$(python3 "$here/tui_probe.py" paste "probe-ready:" "PASTED" "$work/big.jwt" -- "$probe")
    p+=("$(field "$r" ms)") pr+=("$(field "$r" peak_rss_kb)")
  fi
done
row "TUI: paste a 1.4 MB token → claims on screen" ms "$(median "${t[@]}")" "ratatui paste probe" "$(median "${p[@]}")" "≤ 60 ms"
row "TUI: paste a 1.4 MB token: peak RSS" MiB "$(median "${tr[@]}" | mb)" \
  "ratatui paste probe" "$(median "${pr[@]}" | mb)" "≤ 40 MB"

# --- the local tenant --------------------------------------------------------------------
note "local tenant: warm call and tokens per second"
"$tokex" dev-tenant --port 0 --rate-limit 1000000/1000000 --token-rate-limit 1000000/1000000 \
  >"$work/announce.json" 2>"$work/tenant.log" &
pids+=($!)
for _ in $(seq 600); do [ -s "$work/announce.json" ] && break; sleep 0.05; done
read -r domain client_id secret < <(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
c = next(c for c in a["clients"] if c["name"] == "tokex-admin")
print(a["domain"], c["client_id"], c["client_secret"])' "$work/announce.json")
form="grant_type=client_credentials&client_id=$client_id&client_secret=$secret&audience=$domain/api/v2/"
token=$(curl -sS --max-time 10 -d "$form" "$domain/oauth/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
url="$domain/api/v2/tenants/settings"
t=() p=()
for _ in $(seq $((rounds * 3))); do
  # tokex: two calls in one process, the second's latency from its "HTTP 200 OK · N ms" line.
  "$tokex" call GET /tenants/settings --repeat 2 --token "$token" --domain "$domain" 2>"$work/err" >/dev/null
  t+=("$(grep -o '· [0-9.]* ms' "$work/err" | awk 'NR==2 {print $2}')")
  # curl: two URLs in one process reuse the connection; time_total of the second, in ms.
  p+=("$(curl -sS --max-time 10 -o /dev/null -o /dev/null -H "Authorization: Bearer $token" \
    -w '%{time_total}\n' "$url" "$url" | awk 'NR==2 {print $1 * 1000}')")
done
row "warm \`GET /tenants/settings\` on loopback, second call in one process" ms "$(median "${t[@]}")" \
  "curl, second URL in one process" "$(median "${p[@]}")" "≤ 1.0×"

oidc_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
NODE_ENV=production node "$root/benches/oidc/server.mjs" "$oidc_port" >"$work/oidc.json" 2>"$work/oidc.log" &
pids+=($!)
for _ in $(seq 600); do [ -s "$work/oidc.json" ] && break; sleep 0.05; done
oidc_form="grant_type=client_credentials&client_id=bench&client_secret=bench-secret-bench-secret-bench-secret"
curl -sS --max-time 10 -d "$oidc_form" "http://127.0.0.1:$oidc_port/token" | grep -q '"access_token"' ||
  { note "oidc-provider issued no token: $(cat "$work/oidc.log")"; exit 1; }
# wrk posts the same form over 8 keep-alive connections for LOAD_SECONDS; only 2xx answers count.
tokens_per_second() {
  printf 'wrk.method = "POST"\nwrk.body = "%s"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' "$2" \
    >"$work/post.lua"
  wrk -t 1 -c 8 -d "${load_seconds}s" --timeout 5s -s "$work/post.lua" "$1" | python3 -c '
import re, sys
out = sys.stdin.read()
total = int(re.search(r"(\d+) requests in", out).group(1))
seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print((total - (int(bad.group(1)) if bad else 0)) / seconds)'
}
t=$(tokens_per_second "$domain/oauth/token" "$form")
p=$(tokens_per_second "http://127.0.0.1:$oidc_port/token" "$oidc_form")
row "local tenant: client-credentials tokens issued per second (RS256)" "/s" "$t" "oidc-provider" "$p" "≥ 5×"

size=$(stat -c %s "$tokex")
row "release binary size (tenant included)" MiB "$(awk -v x="$size" 'BEGIN{print x/1048576}')" "—" "" "≤ 8 MB"
if [ "${TENANT_COST:-0}" = 1 ]; then
  # The same release build with its symbols kept (only the final link differs), read by
  # symbol size, then the stripped binary again.
  note "the tenant's share of the binary (relinks tokex twice)"
  (cd "$root" && cargo rustc --release --quiet --bin tokex -- -C strip=none)
  cp "$tokex" "$work/tokex-with-symbols"
  (cd "$root" && cargo build --release --quiet --bin tokex)
  python3 "$here/tenant_cost.py" "$work/tokex-with-symbols" >&2
fi

# --- the table ---------------------------------------------------------------------------
python3 - "$rows" <<'PY'
import sys
print(f"| figure | tokex | peer | peer figure | ratio tokex/peer | goal |")
print("|---|---|---|---|---|---|")
for line in open(sys.argv[1]):
    figure, unit, tokex, peer_name, peer, goal = line.rstrip("\n").split("\t")
    tokex = float(tokex)
    fmt = lambda x: f"{x:.3g} {unit}" if unit != "%" else f"{x:.3f} %"
    if peer:
        peer = float(peer)
        ratio = f"{tokex / peer:.2f}×" if peer else "—"
        print(f"| {figure} | {fmt(tokex)} | {peer_name} | {fmt(peer)} | {ratio} | {goal} |")
    else:
        missing = "—" if peer_name == "—" else "not installed"
        print(f"| {figure} | {fmt(tokex)} | {peer_name} | {missing} | — | {goal} |")
PY
