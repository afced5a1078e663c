#!/usr/bin/env python3
"""Every locked package's declared rust-version is at most the MSRV.

Usage: cargo metadata --locked --format-version 1 | scripts/check-msrv-deps.py 1.92

CI checks the crate with the MSRV toolchain (`cargo +MSRV check --lib
--bins`); this covers what that check does not compile, such as
dev-dependencies, from what each package declares.
"""
import json
import sys


def version(text):
    parts = [int(x) for x in text.split(".")[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


msrv = version(sys.argv[1])
packages = json.load(sys.stdin)["packages"]
declared = [p for p in packages if p.get("rust_version")]
newer = [
    f"{p['name']} {p['version']} needs Rust {p['rust_version']}"
    for p in declared
    if version(p["rust_version"]) > msrv
]
if newer:
    sys.exit(f"newer than the MSRV {sys.argv[1]}: " + "; ".join(newer))
print(f"MSRV: {len(declared)} of {len(packages)} locked packages declare a rust-version, none above {sys.argv[1]}")
