#!/usr/bin/env bash
# Build the programs writers download, into dist/:
#   kartsite-<version>-x86_64-pc-windows-gnu.zip      kartsite.exe + readmes + a starter report
#   kartsite-<version>-x86_64-unknown-linux-musl.tar.gz  static kartsite + the same
#   SHA256SUMS
# Needs: rustup targets x86_64-pc-windows-gnu and x86_64-unknown-linux-musl,
# gcc-mingw-w64-x86-64, musl-tools, python3 (zip writing), git, tar, gzip.
# Reproducible: archive timestamps come from the last commit
# (SOURCE_DATE_EPOCH), owners and modes are fixed, entries sorted; the
# binaries are built with paths remapped and no link timestamp.
# Default cargo features (whatever `cargo build --release` has), so the
# downloads have `serve` and the PDF export (`pdf`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export TZ=UTC LC_ALL=C.UTF-8
umask 022
WIN=x86_64-pc-windows-gnu
MUSL=x86_64-unknown-linux-musl
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"

# Paths of this checkout and of the crate sources must not end up in the
# binaries (panic messages): remap them to fixed names.
remap="--remap-path-prefix=$ROOT=kartsite --remap-path-prefix=$CARGO_HOME=cargo"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# --no-insert-timestamp: the PE header's link time would differ every build.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="$remap -C link-arg=-Wl,--no-insert-timestamp"
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="$remap"
export CC_x86_64_unknown_linux_musl=musl-gcc
# Small downloads: no debug info, symbols stripped.
export CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=symbols

# Both targets in one cargo run: one dependency graph, the build scripts
# and proc macros (host code) compiled once, the two cores kept busy.
# KARTSITE_DIST_FEATURES (CI only): build with exactly these cargo features
# instead of the defaults, e.g. "serve" for downloads without the PDF export.
# CI does this to stay within its time (typst compiled for two more targets
# takes some 40 CPU minutes); a release never sets it.
features=()
if [ -n "${KARTSITE_DIST_FEATURES+set}" ]; then
  features=(--no-default-features --features "$KARTSITE_DIST_FEATURES")
  echo "dist: features \"$KARTSITE_DIST_FEATURES\" only (KARTSITE_DIST_FEATURES): NOT release downloads"
fi
start=$(date +%s)
cargo build --release --locked --bin kartsite "${features[@]}" --target "$WIN" --target "$MUSL"
echo "dist: built $WIN and $MUSL in $(( $(date +%s) - start )) s"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$ROOT/dist"
STAGE="$TARGET_DIR/dist-stage"
rm -rf "$STAGE" && mkdir -p "$STAGE" "$OUT"
rm -f "$OUT"/kartsite-*.zip "$OUT"/kartsite-*.tar.gz "$OUT/SHA256SUMS"
linux_bin="$TARGET_DIR/$MUSL/release/kartsite"

# One folder per archive: the program, the readmes and a starter report
# made by the program itself.
stage() { # stage <dir> <binary> <binary name> <line ending: lf|crlf>
  local dir=$1
  mkdir -p "$dir"
  cp "$2" "$dir/$3"
  chmod 755 "$dir/$3"
  "$linux_bin" init "$dir/min-rapport" >/dev/null
  local f
  for f in "LÄS MIG.txt" "LES MEG.txt" "README.txt"; do
    if [ "$4" = crlf ]; then
      # Windows: a UTF-8 byte-order mark and CRLF, so every Notepad shows å, ä, ö.
      { printf '\xEF\xBB\xBF'; sed 's/$/\r/' "$ROOT/scripts/dist/$f"; } >"$dir/$f"
    else
      cp "$ROOT/scripts/dist/$f" "$dir/$f"
    fi
  done
  # The writer's handbook and the reference, which the starter report's
  # comments point at (docs/handbok.md, docs/format.md …).
  mkdir -p "$dir/docs"
  for f in handbok.md handbok-nb.md format.md charts.md residents.md privacy.md publishing.md search-print.md; do
    if [ "$4" = crlf ]; then
      { printf '\xEF\xBB\xBF'; sed 's/$/\r/' "$ROOT/docs/$f"; } >"$dir/docs/$f"
    else
      cp "$ROOT/docs/$f" "$dir/docs/$f"
    fi
  done
  find "$dir" -type d -exec chmod 755 {} + -o -type f ! -name "$3" -exec chmod 644 {} +
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

name="kartsite-$VERSION"
stage "$STAGE/$WIN/$name" "$TARGET_DIR/$WIN/release/kartsite.exe" kartsite.exe crlf
stage "$STAGE/$MUSL/$name" "$linux_bin" kartsite lf

# zip: sorted entries, fixed times and modes, UTF-8 names flagged as such.
python3 - "$STAGE/$WIN" "$name" "$OUT/$name-$WIN.zip" <<'PY'
import os, sys, time, zipfile
base, top, out = sys.argv[1], sys.argv[2], sys.argv[3]
stamp = time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"]))[:6]
stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
paths = []
for d, dirs, files in os.walk(os.path.join(base, top)):
    for n in dirs:
        paths.append(os.path.join(d, n) + "/")
    for n in files:
        paths.append(os.path.join(d, n))
with zipfile.ZipFile(out, "w") as z:
    for p in [os.path.join(base, top) + "/"] + sorted(paths):
        rel = os.path.relpath(p, base).replace(os.sep, "/") + ("/" if p.endswith("/") else "")
        info = zipfile.ZipInfo(rel, stamp)
        info.create_system = 3  # Unix, so the modes below are kept
        if rel.endswith("/"):
            info.external_attr = (0o40755 << 16) | 0x10
            z.writestr(info, b"")
        else:
            mode = 0o100755 if rel.endswith((".exe", "/kartsite")) else 0o100644
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(p, "rb") as f:
                z.writestr(info, f.read(), compresslevel=9)
PY

# tar.gz: sorted, numeric owner 0, fixed mtime, no gzip name/time.
tar --sort=name --format=gnu --owner=0 --group=0 --numeric-owner \
  --mtime="@$SOURCE_DATE_EPOCH" -C "$STAGE/$MUSL" -cf - "$name" \
  | gzip -9 -n >"$OUT/$name-$MUSL.tar.gz"

(cd "$OUT" && sha256sum "$name-$WIN.zip" "$name-$MUSL.tar.gz" >SHA256SUMS)
ls -l "$OUT"
cat "$OUT/SHA256SUMS"
