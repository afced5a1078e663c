// Browser checks for the single-file export (`kartsite export html`).
// Usage: node lib/single.mjs FILE.html [FILE.html...]
//
// Each file is opened from disk (file://), as after a download or from an e-mail attachment:
//   axe           axe-core with wcag2a/wcag2aa/wcag21a/wcag21aa/wcag22aa: zero violations,
//                 at 1280 px and again at 320 px
//   reflow-320    at 320x640 nothing scrolls horizontally
//   self-contained every request is the file itself or a data: address (no other file of the
//                 site, no other host), and the page runs no script of its own
//   anchors       every href="#id" has its target inside the file
// Prints one line per (file, check) and ends with "N passed, M failed". Exit 0 only if nothing
// failed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = fs.readFileSync(path.join(HERE, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node lib/single.mjs FILE.html [FILE.html...]');
  process.exit(2);
}

let passed = 0;
let failed = 0;
function report(file, check, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok    ${path.basename(file)} ${check}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${path.basename(file)} ${check}`);
    for (const p of problems) console.log(`      ${p}`);
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
try {
  for (const file of files) {
    const url = pathToFileURL(path.resolve(file)).href;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: true });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });

    // Self-contained: only the file itself and data: addresses; no script element.
    const foreign = requests.filter((r) => r !== url && !r.startsWith('data:'));
    const scripts = await page.evaluate(() => document.querySelectorAll('script').length);
    report(file, 'self-contained', [
      ...foreign.map((r) => `requested ${r}`),
      ...(scripts > 0 ? [`${scripts} <script> element(s)`] : []),
    ]);

    // Every in-file link has its target.
    const broken = await page.evaluate(() => [...document.querySelectorAll('a[href^="#"]')]
      .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
      .filter((id) => id !== '' && !document.getElementById(id)));
    report(file, 'anchors', [...new Set(broken)].map((id) => `no target for #${id}`));

    await page.addScriptTag({ content: AXE_SOURCE });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 320, height: 640 }]) {
      await page.setViewportSize(viewport);
      const violations = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0].target.join(' ')}: ${v.nodes[0].html.slice(0, 200)}`);
      }, AXE_TAGS);
      report(file, `axe-${viewport.width}`, violations);
    }
    // Reflow at 320 px: no horizontal scrolling of the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    report(file, 'reflow-320', overflow > 1 ? [`the page is ${overflow} px wider than 320 px`] : []);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
