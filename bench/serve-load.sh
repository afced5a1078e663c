#!/usr/bin/env bash
# `kartsite serve` under load (issue 8). Not part of `cargo test`.
#
# Serves the bundled example on loopback, runs wrk against a mix of its
# pages and assets, samples the server's memory, and tries encoded path
# traversals with curl. Exits non-zero on any failure:
#   - a socket error (connect, read, write, timeout) or a non-2xx answer on
#     a path that exists,
#   - memory after the run above RSS_FACTOR × the memory after warm-up,
#   - a traversal attempt that is not answered 4xx, or whose answer holds
#     the contents of the file it aims at.
#
#   bench/serve-load.sh                    # 30 s, 64 connections, 2 threads
#   DURATION=60s CONNECTIONS=128 bench/serve-load.sh
#   KARTSITE=target/debug/kartsite bench/serve-load.sh   # skip the release build
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-5s}"
RSS_FACTOR="${RSS_FACTOR:-2}"

if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    apt-get install -y wrk >/dev/null
fi
if [ -z "${KARTSITE:-}" ]; then
    echo "== building kartsite (release)"
    nice -n 10 cargo build --release --bin kartsite
    KARTSITE=target/release/kartsite
fi

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill "$server"
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

failures=()
fail() {
    echo "FAIL: $*"
    failures+=("$*")
}

# The paths to load: every page and asset of the built site (the preview
# serves the same files), plus folder URLs.
"$KARTSITE" build --audience internal --root . --output-dir "$work/site" >/dev/null
(
    cd "$work/site"
    find . -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.csv' \
        -o -name '*.svg' -o -name '*.png' -o -name '*.jpg' -o -name '*.json' \) | sort
) | sed 's|^\./|/|' >"$work/paths.txt"
for dir in $(sed -n 's|^\(.*/\)index\.html$|\1|p' "$work/paths.txt"); do
    echo "$dir" >>"$work/paths.txt"
done
npaths=$(wc -l <"$work/paths.txt")
kinds=$(sed -n 's|.*\.\([a-z]*\)$|\1|p; s|.*/$|folder|p' "$work/paths.txt" | sort | uniq -c |
    awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
echo "== $npaths paths: $kinds"

echo "== starting kartsite serve"
"$KARTSITE" serve --root . --port 0 >"$work/serve.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 300); do
    base=$(sed -n 's|.*serving .* at \(http://[^ ]*\)/ .*|\1|p' "$work/serve.log" | head -n 1)
    [ -n "$base" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; echo "FAIL: serve exited"; exit 1; }
    sleep 0.1
done
[ -n "$base" ] || { cat "$work/serve.log"; echo "FAIL: serve did not start"; exit 1; }
echo "   $base (pid $server)"

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }

# Every path answers 200 (before and after the load).
check_paths() {
    while read -r p; do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
        [ "$code" = 200 ] || fail "GET $p answered $code ($1)"
    done <"$work/paths.txt"
}
check_paths "before the load"

rss_start=$(rss)
echo "== warm-up: $WARMUP"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -s bench/serve-load.lua "$base" -- "$work/paths.txt" >/dev/null
rss_warm=$(rss)

echo "== load: wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency"
(
    while kill -0 "$server" 2>/dev/null; do
        rss
        sleep 1
    done
) >"$work/rss.txt" 2>/dev/null &
sampler=$!
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s bench/serve-load.lua "$base" \
    -- "$work/paths.txt" | tee "$work/wrk.txt"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
rss_end=$(rss)
sleep 2
rss_idle=$(rss)
rss_peak=$(sort -n "$work/rss.txt" | tail -n 1)

line=$(grep '^LOAD ' "$work/wrk.txt") || { fail "wrk printed no summary"; line=""; }
get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
requests=$(get requests) rps=$(get rps) non2xx=$(get non2xx)
sockerr=$(($(get connect) + $(get read) + $(get write) + $(get timeout)))
p50=$(get p50_us) p99=$(get p99_us)
[ "$non2xx" = 0 ] || fail "$non2xx answers were not 2xx"
check_paths "after the load"
[ "$sockerr" = 0 ] || fail "$sockerr socket errors (connect/read/write/timeout)"
[ "$rss_end" -le $((rss_warm * RSS_FACTOR)) ] ||
    fail "RSS after the run ($rss_end kB) is above $RSS_FACTOR × RSS after warm-up ($rss_warm kB)"

echo "== traversal and malformed paths"
# What must never come back: the report's book.toml, a source page, the
# system's passwd file.
# (Extended regular expressions, one line each.)
secrets=('output_dir = "public"' '^area_type_source' '^root:x:0:0' '^title: ' '^\[book\]')
# The patterns match the files they stand for, or the check could not fail.
for pair in "book.toml:^area_type_source" "book.toml:^\[book\]" "content/om.md:^title: "; do
    grep -qE -- "${pair#*:}" "${pair%%:*}" || { echo "FAIL: ${pair#*:} not in ${pair%%:*}"; exit 1; }
done
long_segment=$(printf 'a%.0s' $(seq 1 5000))
deep=$(printf '..%%2f%.0s' $(seq 1 1000))
attempts=(
    "/../book.toml"
    "/%2e%2e/book.toml"
    "/%2E%2E/book.toml"
    "/.%2e/book.toml"
    "/%2e%2e%2fbook.toml"
    "/..%2fbook.toml"
    "/..%5cbook.toml"
    "/..\\book.toml"
    "/%2e%2e%5c%2e%2e%5cetc%5cpasswd"
    "/%252e%252e/book.toml"
    "/%252e%252e/%252e%252e/etc/passwd"
    "/%c0%ae%c0%ae/book.toml"
    "/%ef%bc%8e%ef%bc%8e/book.toml"
    "//etc/passwd"
    "///etc/passwd"
    "/public/../../etc/passwd"
    "/kartlaggning/../../book.toml"
    "/kartlaggning/./../book.toml"
    "/__kartsite/../book.toml"
    "/./book.toml"
    "/book.toml"
    "/content/om.md"
    "/content/kartlaggning/statistik.md"
    "/.git/config"
    "/index.html%00"
    "/book.toml%00.html"
    "/%00"
    "/index.html%0a"
    "/C:/Windows/win.ini"
    "/c:%5cwindows%5cwin.ini"
    "/file:%2f%2f%2fetc%2fpasswd"
    "/%"
    "/%zz"
    "/%2"
    "/$long_segment"
    "/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment/$long_segment"
    "/$deep"book.toml
)
refused=0
for a in "${attempts[@]}"; do
    code=$(curl -s --path-as-is -o "$work/body" -w '%{http_code}' "$base$a") || code="curl-error"
    shown="${a:0:60}"
    [ "${#a}" -gt 60 ] && shown="$shown… (${#a} bytes)"
    if [[ "$code" =~ ^4[0-9][0-9]$ ]]; then
        refused=$((refused + 1))
    else
        fail "GET $shown answered $code, not 4xx"
    fi
    for s in "${secrets[@]}"; do
        if grep -qE -- "$s" "$work/body" 2>/dev/null; then
            fail "GET $shown gave away a file (it contains \"$s\")"
        fi
    done
    printf '   %-4s %s\n' "$code" "$shown"
done
kill -0 "$server" 2>/dev/null || fail "the server died"

echo
echo "== summary"
echo "paths:      $npaths ($kinds)"
echo "requests:   $requests in $DURATION with $CONNECTIONS connections, $THREADS threads: $rps req/s"
echo "latency:    p50 $(awk "BEGIN {printf \"%.2f\", $p50/1000}") ms, p99 $(awk "BEGIN {printf \"%.2f\", $p99/1000}") ms"
echo "errors:     $sockerr socket errors, $non2xx non-2xx on valid paths"
echo "RSS (kB):   start $rss_start, after warm-up $rss_warm, peak during $rss_peak, after $rss_end, after 2 s idle $rss_idle"
echo "traversal:  $refused of ${#attempts[@]} attempts refused with 4xx"
if [ "${#failures[@]}" -gt 0 ]; then
    echo "FAILED: ${#failures[@]} check(s)"
    exit 1
fi
echo "OK"
