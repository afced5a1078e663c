// The 404 page when a server shows it for a missing page in a sub-folder (issue #16): from a
// static server that answers every missing path with 404.html, and from `kartsite serve`, a
// missing page one and two folders deep (and under a sub-path, as on an intranet) gets the
// page's styles, working links to the home page and the menu, no failed requests for the
// site's own files, and no axe violation at 320 and 1280 px.
//
// Run: node tests/browser/not-found.mjs SITE_DIR   (KARTSITE_BIN for the serve part)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, kartsiteBin, launch, startServe } from './lib/kartsite.mjs';
import { startServer } from './lib/server.mjs';

const SITE = path.resolve(process.argv[2] || path.join(REPO, 'tests', 'browser', 'fixture-site'));
const AXE = fs.readFileSync(path.join(REPO, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function check(context, origin, missing, homePath) {
  const page = await context.newPage();
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== origin + missing) failed.push(`${r.status()} ${r.url()}`);
  });
  const res = await page.goto(origin + missing);
  assert.equal(res.status(), 404, missing);
  await page.waitForLoadState('load');
  // Styled: the skip link is moved off screen by the stylesheet.
  const skipLeft = await page.locator('a.skip-link').evaluate((a) => a.getBoundingClientRect().top);
  assert.ok(skipLeft < 0, `${missing}: unstyled (skip link at ${skipLeft})`);
  // The link home leads to the home page, wherever the 404 was shown.
  const home = await page.locator('main a').last().evaluate((a) => a.href);
  assert.equal(new URL(home).pathname, homePath + 'index.html', missing);
  const check = await page.request.get(home);
  assert.equal(check.status(), 200, home);
  // Every menu link resolves inside the site.
  for (const href of await page.locator('nav a').evaluateAll((as) => as.map((a) => a.href))) {
    assert.ok(new URL(href).pathname.startsWith(homePath), `${missing}: ${href}`);
    assert.equal((await page.request.get(href)).status(), 200, `${missing}: ${href}`);
  }
  assert.deepEqual(failed, [], `${missing}: failed requests`);
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.addScriptTag({ content: AXE });
    const found = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
    assert.deepEqual(found.violations.map((v) => `${v.id}: ${v.nodes.length}`), [], `${missing} at ${width} px`);
  }
  await page.close();
}

test('404 in sub-folders from a static server', async () => {
  // The site at the top of the server, and under /intranet/kart/ as on an intranet.
  const top = await startServer(SITE, { notFoundPage: '404.html' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartsite-404-'));
  fs.mkdirSync(path.join(dir, 'intranet'));
  fs.cpSync(SITE, path.join(dir, 'intranet', 'kart'), { recursive: true });
  const nested = await startServer(dir, { notFoundPage: 'intranet/kart/404.html' });
  const { browser, context, external } = await launch();
  try {
    for (const missing of ['/saknas.html', '/kartlaggning/saknas.html', '/en/x/y.html', '/data/x/y/z.csv']) {
      await check(context, top.origin, missing, '/');
    }
    for (const missing of ['/intranet/kart/kartlaggning/saknas.html', '/intranet/kart/en/x/y.html']) {
      await check(context, nested.origin, missing, '/intranet/kart/');
    }
    assert.deepEqual(external, []);
  } finally {
    await browser.close();
    await top.close();
    await nested.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('404 in sub-folders from kartsite serve', { skip: !process.env.KARTSITE_BIN && 'set KARTSITE_BIN' }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kartsite-404-serve-'));
  fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'serve'), root, { recursive: true });
  const server = await startServe(kartsiteBin('release'), root);
  const { browser, context } = await launch();
  try {
    const origin = server.url.replace(/\/$/, '');
    for (const missing of ['/kartlaggning/saknas.html', '/kartlaggning/x/y.html']) {
      await check(context, origin, missing, '/');
    }
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
