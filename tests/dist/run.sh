#!/usr/bin/env bash
# Test the downloads that scripts/dist.sh put in dist/: the Windows program
# under Wine, the static Linux program natively. Each result line starts
# with "ok" or "FAIL"; the script exits 1 if any failed.
#
# Usage: tests/dist/run.sh            (after scripts/dist.sh)
# Needs: wine64 (Debian's wine), gcc-mingw-w64-x86-64, unzip, curl, python3.
#
# Wine 8 (Debian bookworm) lacks bcryptprimitives.dll, which Rust's std
# imports for ProcessPrng; a stand-in built from processprng.c is put next
# to kartsite.exe here, for the tests only (Windows 10 and later have it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
name="kartsite-$version"
WINE="${WINE:-/usr/lib/wine/wine64}"
WINESERVER="${WINESERVER:-/usr/lib/wine/wineserver}"
work="$(mktemp -d)"
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; fi
  "$WINESERVER" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
# The same trees, byte for byte?
same() { # same <what> <dir a> <dir b> [file name to leave out]
  if diff -r -q ${4:+-x "$4"} "$2" "$3" >"$work/diff.txt" 2>&1; then
    ok "$1 ($(find "$2" -type f | wc -l) files identical)"
  else
    fail "$1 differs:"
    head -n 20 "$work/diff.txt"
  fi
}
# A Linux path as Wine sees it on drive Z:, with backslashes.
winpath() { printf 'Z:%s' "${1//\//\\}"; }

echo "== unpack dist/"
(cd dist && sha256sum -c SHA256SUMS)
mkdir -p "$work/win" "$work/linux"
unzip -q "dist/$name-x86_64-pc-windows-gnu.zip" -d "$work/win"
tar -xzf "dist/$name-x86_64-unknown-linux-musl.tar.gz" -C "$work/linux"
win="$work/win/$name"
lin="$work/linux/$name"
for f in kartsite.exe "LÄS MIG.txt" "LES MEG.txt" README.txt docs/handbok.md docs/handbok-nb.md docs/format.md min-rapport/book.toml; do
  [ -e "$win/$f" ] || fail "zip lacks $f"
done
for f in kartsite "LÄS MIG.txt" "LES MEG.txt" README.txt docs/handbok.md docs/handbok-nb.md docs/format.md min-rapport/book.toml; do
  [ -e "$lin/$f" ] || fail "tar.gz lacks $f"
done
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$win/bcryptprimitives.dll" \
  tests/dist/processprng.c -ladvapi32
wk() { "$WINE" "$win/kartsite.exe" "$@"; }
lk() { "$lin/kartsite" "$@"; }

echo "== the Linux program is static"
if readelf -l "$lin/kartsite" | grep -q INTERP; then
  fail "kartsite (musl) asks for a dynamic loader"
else
  ok "kartsite (musl) is statically linked: $(file -b "$lin/kartsite" | cut -d, -f1-2)"
fi

echo "== --version"
wv=$(wk --version | tr -d '\r')
lv=$(lk --version)
echo "   wine: $wv"
if [ "$wv" = "$lv" ] && [ "$wv" = "kartsite $version" ]; then ok "--version"; else fail "--version: wine '$wv', linux '$lv'"; fi

# The example report (this repository's root) in a folder whose name has
# spaces and å, ä, ö.
example="$work/Områdeskartläggning Norrbacka 2026"
mkdir -p "$example"
git ls-files -z book.toml content data static themes models | xargs -0 cp --parents -t "$example"

echo "== init"
mkdir -p "$work/init-w" "$work/init-l"
wk init "$(winpath "$work/init-w/Ny rapport åäö")" | tr -d '\r'
lk init "$work/init-l/Ny rapport åäö" >/dev/null
same "init under Wine = init on Linux" "$work/init-w" "$work/init-l"

echo "== build the example (internal and public) under Wine and on Linux"
for audience in internal public; do
  wk build --root "$(winpath "$example")" --audience "$audience" -o "$(winpath "$work/out-w-$audience")" | tr -d '\r'
  lk build --root "$example" --audience "$audience" -o "$work/out-l-$audience" >/dev/null
  same "build --audience $audience: Wine = Linux" "$work/out-w-$audience" "$work/out-l-$audience"
  if grep -rlE '(href|src)="[^"]*\\' "$work/out-w-$audience" >"$work/bs.txt"; then
    fail "a URL with \\ in: $(head -n 3 "$work/bs.txt")"
  else
    ok "no \\ in any href or src ($audience)"
  fi
done
# The host (glibc) build: the release binary if there is one, else the debug
# binary `cargo test` left (CI builds no host release binary).
glibc=""
for b in target/release/kartsite target/debug/kartsite; do
  if [ -x "$b" ]; then glibc=$b; break; fi
done
if [ -n "$glibc" ]; then
  "$glibc" build --root "$example" --audience public -o "$work/out-glibc" >/dev/null
  same "static musl build = glibc build ($glibc)" "$work/out-l-public" "$work/out-glibc"
else
  echo "   (no target/release/kartsite or target/debug/kartsite: musl vs glibc not compared)"
fi

echo "== export pdf (the PDF export is in the downloads) under Wine and on Linux"
if ! lk export pdf --help >/dev/null 2>&1 && [ -n "${KARTSITE_DIST_FEATURES+set}" ] \
  && [[ ",$KARTSITE_DIST_FEATURES," != *",pdf,"* ]]; then
  # Only when the downloads were built on purpose without it (CI:
  # KARTSITE_DIST_FEATURES=serve); otherwise a missing PDF export fails below.
  echo "   NOT TESTED: these downloads were built with KARTSITE_DIST_FEATURES=\"$KARTSITE_DIST_FEATURES\", without the PDF export"
elif wk export pdf --root "$(winpath "$example")" -o "$(winpath "$work/rapport-w.pdf")" | tr -d '\r' \
  && lk export pdf --root "$example" -o "$work/rapport-l.pdf" >/dev/null; then
  if [ "$(head -c 5 "$work/rapport-l.pdf")" = "%PDF-" ] && cmp -s "$work/rapport-w.pdf" "$work/rapport-l.pdf"; then
    ok "export pdf: the same $(wc -c <"$work/rapport-l.pdf")-byte PDF under Wine and on Linux"
  else
    fail "export pdf: the PDFs of Wine and Linux differ, or are not PDFs"
  fi
else
  fail "export pdf under Wine or on Linux"
fi

echo "== a long path (over 260 characters) under Wine"
long="$work"
while [ ${#long} -lt 300 ]; do long="$long/en ganska lång mappnamn för rapporter"; done
mkdir -p "$long"
cp -r "$example" "$long/rapport"
echo "   $((${#long} + 8)) characters: $long/rapport"
if wk build --root "$(winpath "$long/rapport")" --audience public -o "$(winpath "$long/rapport/ut")" 2>"$work/long.txt" | tr -d '\r'; then
  same "build at a long path under Wine" "$long/rapport/ut" "$work/out-l-public"
elif grep -q "os error 234" "$work/long.txt"; then
  # Wine 8 answers ERROR_MORE_DATA when listing a folder this deep; a known
  # Wine gap (docs/dist.md), not checked on real Windows here.
  echo "KNOWN Wine 8 cannot list a folder past 260 characters: $(tr -d '\r' <"$work/long.txt" | head -n 1)"
else
  fail "build at a long path under Wine"; tr -d '\r' <"$work/long.txt" | head -n 5
fi

echo "== files saved by Notepad and Excel (UTF-16 and UTF-8 with BOM, CRLF)"
saved="$work/sparad i Anteckningar"
cp -r "$example" "$saved"
python3 - "$saved" <<'PY'
import pathlib, sys
root = pathlib.Path(sys.argv[1])
def save(p, encoding, bom):
    text = p.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    p.write_bytes(bom + text.encode(encoding))
for i, p in enumerate(sorted(root.glob("content/**/*.md"))):
    # Notepad "Unicode" (UTF-16 LE), "Unicode big endian", "UTF-8 with BOM".
    save(p, *[("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")][i % 3])
for p in sorted(root.glob("content/**/*.yaml")):
    save(p, "utf-16-le", b"\xff\xfe")
save(root / "book.toml", "utf-8", b"\xef\xbb\xbf")
PY
wk build --root "$(winpath "$saved")" --audience public -o "$(winpath "$work/out-w-saved")" | tr -d '\r' \
  || fail "build of the UTF-16/BOM/CRLF report under Wine"
lk build --root "$saved" --audience public -o "$work/out-l-saved" >/dev/null \
  || fail "build of the UTF-16/BOM/CRLF report on Linux"
# build.json holds a hash of the input bytes, which differ here by design.
same "UTF-16/BOM/CRLF report under Wine = the UTF-8 original" "$work/out-w-saved" "$work/out-l-public" build.json
same "UTF-16/BOM/CRLF report on Linux = the UTF-8 original" "$work/out-l-saved" "$work/out-l-public" build.json

echo "== check --format json on the broken reports of tests/invalid (those made by text replacements)"
# Each case.toml names replacements in tests/fixtures/basic; cases that need
# more (other files, setup commands) are left to the corpus test.
python3 - tests/fixtures/basic "$work/invalid" tests/invalid <<'PY'
import pathlib, shutil, sys, tomllib
example, out, cases = map(pathlib.Path, sys.argv[1:])
for case in sorted(cases.glob("*/case.toml")):
    spec = tomllib.loads(case.read_text(encoding="utf-8"))
    extra = [p for p in case.parent.iterdir() if p.name != "case.toml"]
    if "setup" in spec or "remove" in spec or "args" in spec or extra or not spec.get("replace"):
        continue
    dest = out / case.parent.name
    shutil.copytree(example, dest)
    for r in spec["replace"]:
        f = dest / r["file"]
        text = f.read_text(encoding="utf-8")
        assert r["from"] in text, (case, r["from"])
        f.write_text(text.replace(r["from"], r["to"], 1), encoding="utf-8")
PY
n=0; differ=0; found=0
for copy in "$work"/invalid/*/; do
  copy=${copy%/}
  set +e
  wout=$(wk check --root "$(winpath "$copy")" --format json 2>/dev/null | tr -d '\r'); wcode=$?
  lout=$(lk check --root "$copy" --format json 2>/dev/null); lcode=$?
  set -e
  n=$((n + 1))
  # (Faults only a build meets, like a bad output folder, pass check.)
  [ "$lcode" != 0 ] && found=$((found + 1))
  if [ "$wout" != "$lout" ] || [ "$wcode" != "$lcode" ]; then
    differ=$((differ + 1))
    fail "check $(basename "$copy"): Wine exit $wcode, Linux exit $lcode"
    diff <(echo "$lout") <(echo "$wout") | head -n 6
  fi
done
[ "$differ" = 0 ] && [ "$n" -gt 0 ] && ok "check --format json: the same findings and exit code under Wine and Linux for $n broken reports ($found with errors)"
echo "   e.g. $(basename "$copy"): $(echo "$wout" | head -c 300)"

echo "== serve under Wine"
port=18931
wk serve --root "$(winpath "$example")" --port "$port" >"$work/serve.log" 2>&1 &
serve_pid=$!
got=""
for _ in $(seq 1 120); do
  if got=$(curl -fsS "http://127.0.0.1:$port/" 2>/dev/null); then break; fi
  sleep 0.5
done
if [ -n "$got" ] && cmp -s <(printf '%s\n' "$got") "$work/out-l-internal/index.html"; then
  ok "serve under Wine answers on 127.0.0.1:$port with the built index.html"
elif [ -n "$got" ]; then
  ok "serve under Wine answers on 127.0.0.1:$port ($(printf '%s' "$got" | wc -c) bytes of HTML)"
else
  fail "serve under Wine did not answer on 127.0.0.1:$port"; tr -d '\r' <"$work/serve.log" | head -n 10
fi
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
serve_pid=""

echo "== double-click start (no arguments, no terminal) under Wine"
# Wine takes Windows' UI language from the Unix locale, which must exist:
# compile the three into a private folder (LOCPATH) rather than the system.
mkdir -p "$work/locale"
for l in sv_SE nb_NO en_GB; do
  localedef -i "$l" -f UTF-8 "$work/locale/$l.UTF-8" 2>/dev/null || echo "   (localedef $l failed)"
done
for lang in sv_SE.UTF-8 nb_NO.UTF-8 en_GB.UTF-8; do
  set +e
  out=$(cd "$win" && LOCPATH="$work/locale" LANG=$lang LC_ALL=$lang "$WINE" "$win/kartsite.exe" </dev/null 2>&1 | tr -d '\r'); code=$?
  set -e
  echo "$out" | sed "s/^/   $lang: /"
  case "$lang" in
    sv*) want="Det finns ingen rapport här" ;;
    nb*) want="Det finnes ingen rapport her" ;;
    *) want="There is no report here" ;;
  esac
  if [ "$code" = 2 ] && [[ "$out" == *"$want"* ]]; then ok "start in $lang explains and exits 2"; else fail "start in $lang (exit $code)"; fi
done
set +e
out=$(cd "$win/min-rapport" && LANG=sv_SE.UTF-8 "$WINE" "$win/kartsite.exe" </dev/null 2>&1 | tr -d '\r'); code=$?
set -e
echo "$out" | sed 's/^/   /'
# The start builds the version it then previews: the internal one, into internal/.
if [ "$code" = 0 ] && [ -f "$win/min-rapport/internal/index.html" ]; then
  ok "start in the starter report builds it into min-rapport\\internal"
else
  fail "start in the starter report (exit $code)"
fi

echo "== $failures failed"
[ "$failures" = 0 ]
