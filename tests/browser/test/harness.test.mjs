// Self-test of the browser checks: the fixture passes, a deliberately broken copy (made in a
// temporary directory, never committed) fails with the expected messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUN = path.resolve(HERE, '..', 'run.sh');
const FIXTURE = path.resolve(HERE, '..', 'fixture-site');

function run(...sites) {
  const r = spawnSync(RUN, sites, { encoding: 'utf8', timeout: 180_000 });
  const lines = r.stdout.trimEnd().split('\n');
  return { code: r.status, out: r.stdout + r.stderr, last: lines[lines.length - 1] };
}

function edit(file, from, to) {
  const s = fs.readFileSync(file, 'utf8');
  assert.ok(s.includes(from), `${file} should contain ${from}`);
  fs.writeFileSync(file, s.replace(from, to));
}

test('the accessible fixture site passes', () => {
  const r = run(FIXTURE);
  assert.equal(r.code, 0, r.out);
  assert.match(r.last, /^\d+ passed, 0 failed$/, r.out);
});

test('a broken copy fails with clear messages', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartsite-broken-'));
  try {
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const index = path.join(dir, 'index.html');
    const page = path.join(dir, 'a', 'page.html');
    const b = path.join(dir, 'a', 'b.html');
    // index.html: no skip link, image without alt, low contrast, root-absolute stylesheet
    edit(index, '<a class="skip" href="#innehall">Hoppa till innehållet</a>', '');
    edit(index, ' alt="Översiktskarta med båda områdena"', '');
    edit(index, '<p>Skapad med kartsite.</p>', '<p style="color:#bbb">Skapad med kartsite.</p>');
    edit(index, 'href="style.css"', 'href="/style.css"');
    edit(index, '</main>', '<img src="https://tiles.example.com/i.png" alt="ruta"></main>');
    // a/page.html: too wide, external requests, focus outline removed
    edit(page, '</h1>', '</h1><div style="width:600px">bred</div><img src="https://tiles.example.com/1/2/3.png" alt="karta">'
      + '<link rel="preconnect" href="https://fonts.example.net"><style>a:focus-visible{outline:none}</style>');
    // a/b.html: skip link to a missing target, missing stylesheet, JS error
    edit(b, 'href="#innehall"', 'href="#saknas"');
    edit(b, '</body>', '<script>undefinedFunction()</script><link rel="stylesheet" href="missing.css"></body>');
    // a/b.html: right-to-left text without its own direction
    edit(b, '</h1>', '</h1><p lang="ar">مرحبا بكم</p>');

    const r = run(dir);
    assert.equal(r.code, 1, r.out);
    assert.match(r.last, /^\d+ passed, [1-9]\d* failed$/, r.out);
    for (const expected of [
      /FAIL +file:\/\/.*index\.html \[from-disk\]/,
      /computed style is the browser default/,
      /local request failed: net::ERR_FILE_NOT_FOUND file:\/\/\/style\.css/,
      /FAIL +.*\/index\.html: axe, keyboard, external-requests failed/,
      /request to non-local host: GET https:\/\/tiles\.example\.com\/i\.png/,
      /\[critical\] image-alt/,
      /- target: img/,
      /html: +<img src="karta\.svg"/,
      /\[serious\] color-contrast/,
      /Tab #1 focused a, not a skip link/,
      /FAIL +.*\/a\/page\.html: keyboard, reflow-320, external-requests failed/,
      /Tab #2: a has no visible focus indicator/,
      /scrolls horizontally at 320px: scrollWidth \d+ > innerWidth 320/,
      /div box is too wide/,
      /request to non-local host: GET https:\/\/tiles\.example\.com\/1\/2\/3\.png/,
      /request to non-local host: <link rel="preconnect"> https:\/\/fonts\.example\.net/,
      /FAIL +.*\/a\/b\.html: load, axe, keyboard, lang-dir failed/,
      /\[moderate\] skip-link at 1280px/,
      /\[moderate\] skip-link at 320px/,
      /lang="ar" inside a ltr context has no dir/,
      /skip link a\.skip points to #saknas, but no element has that id\/name/,
      /local request failed: HTTP 404 .*\/a\/missing\.css/,
      /uncaught JS error: undefinedFunction is not defined/,
    ]) assert.match(r.out, expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
