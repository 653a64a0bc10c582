#!/usr/bin/env python3
"""Writes the tokens benches/compare.sh feeds every program (unsigned: no program verifies them).

    tokens.py DIR     ->  DIR/small.jwt  a Management API token of about 1.8 KB
                          DIR/big.jwt    about 1.4 MB: the same claims plus a `filler` claim of words
"""
import base64, json, os, sys, time

RESOURCES = ["users", "clients", "connections", "roles", "logs", "grants", "rules", "actions", "organizations",
             "resource_servers", "client_grants", "tenant_settings", "prompts"]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(claims):
    header = {"alg": "RS256", "typ": "JWT", "kid": "bench-key-1"}
    # A 2048-bit RS256 signature is 256 bytes; its bytes do not matter to a decoder.
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(bytes(range(256)))])


def main():
    out = sys.argv[1]
    now = int(time.time())
    claims = {
        "iss": "https://bench.eu.auth0.com/",
        "sub": "benchsubject@clients",
        "aud": "https://bench.eu.auth0.com/api/v2/",
        "iat": now,
        "exp": now + 86400,
        "gty": "client-credentials",
        "azp": "benchsubject",
        "scope": " ".join(f"{action}:{resource}" for resource in RESOURCES
                          for action in ("read", "create", "update", "delete")),
    }
    small = token(claims)
    with open(os.path.join(out, "small.jwt"), "w") as f:
        f.write(small + "\n")
    big_claims = dict(claims, sub="pastedsubject@clients")
    # 1.4 MB of token = about 1.05 MB of JSON; words, so a terminal view wraps it by word.
    big_claims["filler"] = "lorem ipsum dolor sit amet " * (1_400_000 * 3 // 4 // 27)
    with open(os.path.join(out, "big.jwt"), "w") as f:
        f.write(token(big_claims) + "\n")


if __name__ == "__main__":
    main()
