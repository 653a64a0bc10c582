#!/usr/bin/env python3
"""Estimates what the local tenant adds to the release binary, from symbol sizes.

    tenant_cost.py BINARY      (an unstripped release build: see benches/compare.sh --tenant-cost)

Symbols whose demangled name mentions the tenant's code (tokex::tenant) or a crate only the
tenant uses (axum, matchit, rcgen, hyper's and hyper-util's server halves, tower) count as the
tenant's; generic code instantiated for tenant types names them, so it counts too. LTO inlines
across these lines, so this is an estimate in the spirit of `cargo bloat --crates`.
"""
import re, subprocess, sys
from collections import Counter

TENANT = [
    ("tokex::tenant", r"tokex::tenant::"),
    ("axum", r"\baxum(_core)?::"),
    ("matchit", r"\bmatchit::"),
    ("rcgen", r"\brcgen::"),
    ("hyper server", r"\bhyper::server::|\bhyper::proto::h1::role::Server\b|\bhyper_util::server::"),
    ("tower", r"\btower(_layer|_service)?::"),
]


def main():
    binary = sys.argv[1]
    listing = subprocess.run(["nm", "--print-size", "--size-sort", "--demangle", binary],
                             capture_output=True, text=True, check=True).stdout
    total_symbols, by_part = 0, Counter()
    for line in listing.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) < 4 or parts[2].lower() not in ("t", "w", "r", "d", "b"):
            continue
        size, name = int(parts[1], 16), parts[3]
        total_symbols += size
        for label, pattern in TENANT:
            if re.search(pattern, name):
                by_part[label] += size
                break
    tenant = sum(by_part.values())
    mib = lambda n: f"{n / 1048576:.2f} MiB"
    print(f"symbols in total: {mib(total_symbols)}; the tenant's: {mib(tenant)} "
          f"({100 * tenant / max(total_symbols, 1):.0f} %)")
    for label, size in by_part.most_common():
        print(f"  {label:<16} {mib(size)}")


if __name__ == "__main__":
    main()
