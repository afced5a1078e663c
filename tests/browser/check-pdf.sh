#!/usr/bin/env bash
# The PDFs of the bundled example, checked with poppler-utils (pdfinfo,
# pdftotext, pdffonts): tagged PDF/UA with title and language, every font
# embedded, the phases, priorities and chart captions in the text, the
# Arabic resident text in the Arabic PDF, one flyer per language, and two
# exports byte-identical.
# Usage: tests/browser/check-pdf.sh KARTSITE_BINARY
set -euo pipefail
bin="$1"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
fail() { echo "check-pdf: $*" >&2; exit 1; }

# (poppler 22.12 prints "Suspects object is wrong type (boolean)" for /Suspects false, which is
# what PDF 1.7 §14.7.1 asks for: a poppler bug, not a defect of the file.)
"$bin" export pdf --root "$repo" --audience public -o "$out/rapport.pdf"
"$bin" export pdf --root "$repo" --audience public -o "$out/rapport2.pdf"
"$bin" export pdf --root "$repo" --audience public --lang ar -o "$out/ar.pdf"
"$bin" export pdf --root "$repo" --audience public --flyer -o "$out/affisch.pdf"
"$bin" export pdf --root "$repo" --audience public --pdf-standard a-2a -o "$out/arkiv.pdf"
cmp -s "$out/rapport.pdf" "$out/rapport2.pdf" || fail "two exports differ"

info="$(pdfinfo "$out/rapport.pdf")"
grep -q '^Title: *Områdeskartläggning Norrbacka$' <<<"$info" || fail "no title: $info"
grep -q '^Tagged: *yes' <<<"$info" || fail "not tagged"
grep -q '^PDF version: *1.7' <<<"$info" || fail "not PDF 1.7"
pages="$(sed -n 's/^Pages: *//p' <<<"$info")"
[ "$pages" -ge 10 ] || fail "only $pages pages"
pdfinfo -meta "$out/rapport.pdf" | grep -q 'pdfuaid:part' || fail "no PDF/UA identification"
pdfinfo -meta "$out/arkiv.pdf" | grep -q 'pdfaid:part' || fail "no PDF/A identification"
# pdffonts: the "emb" column is "yes" for every font.
if pdffonts "$out/rapport.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit !bad }'; then
  fail "a font is not embedded: $(pdffonts "$out/rapport.pdf")"
fi

text="$(pdftotext -layout "$out/rapport.pdf" - | tr -s ' \n' ' ')"
for want in "Förberedelser" "Kartläggning" "Behovsidentifiering" "Analys och återkoppling" \
  "Vägen till vården" "Socioekonomiskt index per område, 2024" "Innehåll" "Diarienummer: KS 2026/114"; do
  grep -qF "$want" <<<"$text" || fail "\"$want\" missing from the report PDF"
done
grep -qF "Intern version" <<<"$text" && fail "the public PDF says it is internal"
ar="$(pdftotext "$out/ar.pdf" - | tr -s ' \n' ' ')"
grep -qF "بلغتك" <<<"$ar" || fail "the Arabic PDF lacks the Arabic text"
flyer_pages="$(pdfinfo "$out/affisch.pdf" | sed -n 's/^Pages: *//p')"
[ "$flyer_pages" -eq 3 ] || fail "the flyer PDF has $flyer_pages pages for 3 languages (one sheet each)"
echo "check-pdf: report $pages pages, flyer $flyer_pages pages; tagged, fonts embedded, text in place"
