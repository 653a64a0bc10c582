#!/usr/bin/env bash
# Measures the CPU time the idle TUI uses while a live countdown runs.
# Usage: benches/idle_cpu.sh [SECONDS] [TOKEN_BYTES]
#   SECONDS      how long to measure (default 30)
#   TOKEN_BYTES  approximate size of the inspected token (default: a small ~300-byte token);
#                e.g. 5000000 for a 5 MB token, which must cost what a 1 KB one does.
# Needs tmux and python3; builds the release binary unless TOKEX_BIN names one to measure.
set -euo pipefail
seconds=${1:-30}
token_bytes=${2:-0}
cd "$(dirname "$0")/.."
if [ -z "${TOKEX_BIN:-}" ]; then cargo build --release --quiet; fi
binary=${TOKEX_BIN:-${CARGO_TARGET_DIR:-target}/release/tokex}
socket="tokex-idle-$$"
token_file=$(mktemp /tmp/tokex-idle-token.XXXXXX)
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -f "$token_file"' EXIT
now=$(date +%s)
# A token whose countdown ticks every second for the whole measurement; padded with a
# `filler` claim (words, so it wraps by word) up to TOKEN_BYTES. Too big for argv, so it
# goes through stdin (`tokex -`).
python3 - "$now" "$token_bytes" >"$token_file" <<'PY'
import base64, json, sys
now, size = int(sys.argv[1]), int(sys.argv[2])
enc = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).rstrip(b"=").decode()
claims = {"aud": "https://acme.auth0.com/api/v2/", "iat": now, "exp": now + 86400, "scope": "read:users read:clients"}
if size > 0:
    claims["filler"] = ("lorem ipsum dolor sit amet " * (size * 3 // 4 // 27 + 1))
print(enc({"alg": "RS256", "typ": "JWT"}) + "." + enc(claims) + "." + "c2ln")
PY
size=$(wc -c <"$token_file")
tmux -L "$socket" new-session -d -x 120 -y 40 "exec $binary - < $token_file"
pid=$(tmux -L "$socket" list-panes -F '#{pane_pid}')
# Wait (bounded) until the token is on screen, so decoding is not counted as idle time.
for _ in $(seq 1 600); do
    if tmux -L "$socket" capture-pane -p | grep -q "expires in"; then break; fi
    sleep 0.1
done
sleep 1
ticks=$(getconf CLK_TCK)
read_cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(read_cpu)
sleep "$seconds"
after=$(read_cpu)
python3 - "$before" "$after" "$ticks" "$seconds" "$size" <<'PY'
import sys
before, after, ticks, seconds, size = (float(x) for x in sys.argv[1:])
cpu = (after - before) / ticks
print(f"idle TUI with live countdown, {size / 1000:.0f} KB token: {cpu * 1000:.0f} ms CPU in {seconds:.0f} s = {100 * cpu / seconds:.3f} % of one core")
PY
