#!/usr/bin/env bash
# Wall time of `tokex decode` of a 1.8 KB token against jwt-cli's `jwt decode` (README
# "Performance", goal ≤ 1.2×), with hyperfine.
#
#   benches/decode_wall.sh                 ROUNDS=10 RUNS=200 by default
#
# hyperfine runs all of one command's runs before the other's; a shared machine drifts, so the
# two are interleaved here a round at a time: ROUNDS rounds, each timing tokex then jwt-cli for
# RUNS runs (after a warm-up), alternating which goes first. The figure is the median over rounds
# of each round's mean ratio. No shell between the runs (`-N`): the process itself is measured.
#
# Installs what it needs the first time: hyperfine with apt-get (else `cargo install`), jwt-cli 6
# into the git-ignored benches/peers (`cargo install --locked --root`, as compare.sh does).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
peers=$root/benches/peers
rounds=${ROUNDS:-10}
runs=${RUNS:-200}
work=$(mktemp -d /tmp/tokex-decode-wall.XXXXXX)
trap 'rm -rf "$work"' EXIT
note() { printf '%s\n' "$*" >&2; }

if ! command -v hyperfine >/dev/null; then
  note "installing hyperfine"
  apt-get install -y hyperfine >/dev/null 2>&1 || cargo install --locked --root "$peers" hyperfine
fi
hyperfine=$(command -v hyperfine || echo "$peers/bin/hyperfine")
if [ ! -x "$peers/bin/jwt" ]; then
  note "installing jwt-cli into $peers (slow the first time)"
  nice -n 19 cargo install --locked --root "$peers" jwt-cli
fi
jwt=$peers/bin/jwt

(cd "$root" && cargo build --release --quiet --bin tokex)
# A copy: a shared target directory may be rebuilt by someone else while this runs.
cp "${CARGO_TARGET_DIR:-$root/target}/release/tokex" "$work/tokex"
tokex=$work/tokex
python3 "$root/benches/compare/tokens.py" "$work"
small=$(cat "$work/small.jwt")
note "token: $(wc -c <"$work/small.jwt") bytes; $rounds rounds of $runs runs each"

for round in $(seq "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order=(tokex jwt); else order=(jwt tokex); fi
  commands=()
  for name in "${order[@]}"; do
    case $name in
      tokex) commands+=(-n tokex "$tokex decode $small") ;;
      jwt) commands+=(-n jwt "$jwt decode $small") ;;
    esac
  done
  "$hyperfine" -N --style none --warmup 20 --runs "$runs" --export-json "$work/round-$round.json" \
    "${commands[@]}" >/dev/null 2>&1
done

python3 - "$work" "$rounds" <<'EOF'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
ratios, tokex_ms, jwt_ms = [], [], []
for round in range(1, rounds + 1):
    results = {r["command"]: r for r in json.load(open(f"{work}/round-{round}.json"))["results"]}
    t, j = results["tokex"]["mean"], results["jwt"]["mean"]
    tokex_ms.append(t * 1000); jwt_ms.append(j * 1000); ratios.append(t / j)
print(f"tokex decode: median of round means {statistics.median(tokex_ms):.3f} ms")
print(f"jwt decode:   median of round means {statistics.median(jwt_ms):.3f} ms")
print(f"ratio tokex/jwt: median {statistics.median(ratios):.3f}x "
      f"(rounds {min(ratios):.3f}x to {max(ratios):.3f}x; goal <= 1.2x)")
EOF
