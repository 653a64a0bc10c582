#!/usr/bin/env bash
# Measures the CPU time the idle TUI uses while a live countdown runs.
# Usage: benches/idle_cpu.sh [SECONDS]   (default 30; needs tmux; builds the release binary)
set -euo pipefail
seconds=${1:-30}
cd "$(dirname "$0")/.."
cargo build --release --quiet
binary=${CARGO_TARGET_DIR:-target}/release/tokex
socket="tokex-idle-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true' EXIT
now=$(date +%s)
# A token whose countdown ticks every second for the whole measurement.
token=$(python3 - "$now" <<'PY'
import base64, json, sys
now = int(sys.argv[1])
enc = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).rstrip(b"=").decode()
print(enc({"alg": "RS256", "typ": "JWT"}) + "." + enc({"aud": "https://acme.auth0.com/api/v2/", "iat": now, "exp": now + 86400, "scope": "read:users read:clients"}) + "." + "c2ln")
PY
)
tmux -L "$socket" new-session -d -x 120 -y 40 "$binary" "$token"
sleep 1
pid=$(tmux -L "$socket" list-panes -F '#{pane_pid}')
ticks=$(getconf CLK_TCK)
read_cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(read_cpu)
sleep "$seconds"
after=$(read_cpu)
python3 - "$before" "$after" "$ticks" "$seconds" <<'PY'
import sys
before, after, ticks, seconds = (float(x) for x in sys.argv[1:])
cpu = (after - before) / ticks
print(f"idle TUI with live countdown: {cpu * 1000:.0f} ms CPU in {seconds:.0f} s = {100 * cpu / seconds:.3f} % of one core")
PY
