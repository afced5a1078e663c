#!/usr/bin/env python3
"""Write the seed corpora fuzz/corpus/<target>/seed-* from the repository's
own files: the example report (content/, data/) and the test fixtures.

Run from anywhere: python3 fuzz/make-seeds.py. It replaces the old seeds
and leaves what libFuzzer found (files without the seed- prefix) alone.
"""

import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_PAGE = 8 * 1024  # bigger pages slow every run and add little


def pages():
    dirs = [ROOT / "content"] + sorted((ROOT / "tests" / "fixtures").glob("*/content"))
    for d in dirs:
        for p in sorted(d.rglob("*.md")):
            b = p.read_bytes()
            if len(b) <= MAX_PAGE:
                yield p, b


def data_files():
    dirs = [ROOT / "data"] + sorted((ROOT / "tests" / "fixtures").glob("*/data"))
    for d in dirs:
        for p in sorted(d.iterdir()):
            if p.suffix in (".csv", ".json"):
                yield p, p.read_bytes()


def body(page: bytes) -> bytes:
    """The Markdown after the front matter."""
    m = re.match(rb"---\r?\n.*?\n---\r?\n", page, re.S)
    return page[m.end():] if m else page


def chart_blocks(page: bytes):
    for m in re.finditer(rb"```chart\r?\n(.*?)```", page, re.S):
        yield m.group(1)


def write(target: str, seeds):
    out = CORPUS / target
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("seed-*"):
        old.unlink()
    seen = set()
    for name, data in seeds:
        h = hashlib.sha1(data).hexdigest()[:10]
        if h in seen:
            continue
        seen.add(h)
        (out / f"seed-{name}-{h}").write_bytes(data)
    print(f"{target}: {len(seen)} seeds")


def main():
    all_pages = list(pages())
    fm = [(p.stem, b) for p, b in all_pages]
    # The decode step: a byte-order mark, CRLF endings, a Latin-1 byte.
    _, first = all_pages[0]
    fm.append(("bom-crlf", b"\xef\xbb\xbf" + first.replace(b"\n", b"\r\n")))
    fm.append(("latin1", b"---\ntitle: Tr\xe4d\n---\n# Tr\xe4d\n"))
    write("frontmatter", fm)

    specs = []
    for p, b in all_pages:
        for i, block in enumerate(chart_blocks(b)):
            specs.append((f"{p.stem}-{i}", block))
    for p in [ROOT / "data" / "charts.yaml"] + sorted((ROOT / "tests" / "fixtures").glob("*/data/charts.yaml")):
        specs.append(("library", p.read_bytes()))
    write("chart_spec", specs)

    # First byte: bit 0 JSON-stat, bits 1-2 skip_rows, bits 3-5 the spec.
    data = []
    for p, b in data_files():
        if p.suffix == ".json":
            data.append((p.stem, bytes([1 | (7 << 3)]) + b))
            data.append((p.stem + "-bar", bytes([1]) + b))
        else:
            for spec in (0, 3, 5):
                data.append((f"{p.stem}-{spec}", bytes([spec << 3]) + b))
    write("chart_data", data)

    # First byte: bit 0 raw HTML allowed, bit 1 demote, bit 2 charts.
    md = []
    for p, b in all_pages:
        md.append((p.stem, bytes([0b110]) + body(b)))
    md.append(("raw-html", bytes([0b111]) + b"<details><summary>Mer</summary>\n\n*text*\n</details>\n"))
    write("markdown", md)


if __name__ == "__main__":
    main()
