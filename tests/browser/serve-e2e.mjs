// End-to-end test of `kartsite serve --watch` in headless Chromium: open pages, edit the
// report's files, and see the pages change by themselves; a broken edit shows the error overlay
// on every open page while the last good page stays; fixing it removes the overlay.
//
// Run: cargo build && npm run serve-e2e --prefix tests/browser
// (KARTSITE_BIN picks another binary; CHROMIUM_PATH another browser.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, kartsiteBin, tempCopy, startServe, launch } from './lib/kartsite.mjs';

const FIXTURE = path.join(REPO, 'tests', 'fixtures', 'serve');
const AXE = fs.readFileSync(path.join(REPO, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WAIT = 5_000;

function edit(root, rel, from, to) {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${rel} should contain ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** Open `url` and wait until its live-reload socket has said hello. */
async function open(context, url) {
  const page = await context.newPage();
  const hello = new Promise((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', (f) => {
      if (String(f.payload).includes('"type":"hello"')) resolve();
    }));
  });
  await page.goto(url);
  await hello;
  // Gone after any reload: tells a reload from an update in place.
  await page.evaluate(() => { window.__notReloaded = true; });
  return page;
}

const reloaded = (page) => page.evaluate(() => window.__notReloaded !== true);
const mainText = (page) => page.locator('main').innerText();

/** The overlay's text, or null when there is none. */
function overlayText(page) {
  return page.evaluate(() => {
    const host = document.getElementById('kartsite-overlay');
    return host && host.shadowRoot ? host.shadowRoot.textContent : null;
  });
}

test('kartsite serve --watch: pages follow edits, errors show in the page', async () => {
  const root = tempCopy(FIXTURE);
  const server = await startServe(kartsiteBin('debug'), root);
  const { browser, context, external } = await launch({ width: 800, height: 500 });
  try {
    const stat = await open(context, server.url + 'kartlaggning/statistik.html');
    const om = await open(context, server.url + 'om.html');
    assert.match(await mainText(stat), /4 000 invånare/);

    // 1. Edit the text of the page: it reloads by itself and keeps its scroll position; a tab
    //    showing another page is left alone.
    await stat.evaluate(() => window.scrollTo(0, 120));
    const scrolled = await stat.evaluate(() => window.scrollY);
    assert.ok(scrolled > 0, 'the page can scroll');
    edit(root, 'content/kartlaggning/statistik.md', '4 000', '4 321');
    await stat.waitForFunction(() => document.body.innerText.includes('4 321'), null, { timeout: WAIT });
    assert.ok(await reloaded(stat), 'the page was reloaded, not edited in place');
    await stat.waitForFunction((y) => Math.abs(window.scrollY - y) <= 2, scrolled, { timeout: WAIT });
    assert.equal(await reloaded(om), false, 'an unchanged page is not reloaded');
    await stat.evaluate(() => { window.__notReloaded = true; });

    // 2. A broken edit: both open pages show the error (file:line, message, hint); the last
    //    good page stays.
    edit(root, 'content/kartlaggning/statistik.md', '(torget.md)', '(torg.md)');
    for (const page of [stat, om]) {
      await page.waitForFunction(() => document.getElementById('kartsite-overlay'), null, { timeout: WAIT });
      const text = await overlayText(page);
      assert.match(text, /content\/kartlaggning\/statistik\.md:12:\d+/, text);
      // In the report's language (Swedish), as in the terminal.
      assert.match(text, /trasig länk "torg\.md": sidan finns inte/, text);
      assert.match(text, /tips: länka till en annan sida/, text);
    }
    assert.match(await mainText(stat), /4 321 invånare/);
    assert.equal(await reloaded(om), false);
    // The overlay is accessible: an alert with a heading, good contrast, a keyboard button.
    await stat.addScriptTag({ content: AXE });
    const axe = await stat.evaluate(async () => {
      const r = await window.axe.run('#kartsite-overlay', { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(axe, [], axe.join('\n'));
    const role = await stat.evaluate(() =>
      document.getElementById('kartsite-overlay').shadowRoot.querySelector('[role=alert]') !== null);
    assert.ok(role, 'the overlay is an alert');

    // 3. Fixing it: the overlay goes from every page; the edited page shows the fix.
    edit(root, 'content/kartlaggning/statistik.md', '(torg.md)', '(torget.md)');
    edit(root, 'content/kartlaggning/statistik.md', 'De flesta', 'Nästan alla');
    await stat.waitForFunction(() => document.body.innerText.includes('Nästan alla'), null, { timeout: WAIT });
    await om.waitForFunction(() => !document.getElementById('kartsite-overlay'), null, { timeout: WAIT });
    assert.equal(await overlayText(stat), null);
    assert.equal(await reloaded(om), false, 'removing the overlay needs no reload');

    // 4. A stylesheet: every page reloads to get it.
    const omReload = om.waitForEvent('load', { timeout: WAIT });
    fs.writeFileSync(path.join(root, 'static', 'extra.css'), '.extra { color: #000; }\n');
    await omReload;
    assert.ok(await reloaded(om));

    // 5. A new page appears at its address; the phase page lists it.
    const phase = await open(context, server.url + 'kartlaggning/');
    fs.writeFileSync(path.join(root, 'content', 'kartlaggning', 'skolan.md'),
      '---\ntitle: Skolan\nsummary: Skolan vid torget.\n---\n\nSkolan har 300 elever.\n');
    await phase.waitForFunction(() => document.body.innerText.includes('Skolan vid torget'), null, { timeout: WAIT });
    // A tab opened right away connects before the print page and search index
    // follow (300 ms after the rebuild, a new generation): told what changed
    // since its page was served, it does not reload for them.
    const school = await open(context, server.url + 'kartlaggning/skolan.html');
    assert.match(await mainText(school), /300 elever/);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await reloaded(school), false, 'the print page and search index do not reload other pages');

    assert.deepEqual(external, [], 'no request left this machine');
  } finally {
    await browser.close();
    const exit = await server.stop();
    assert.equal(exit.code, 0, `kartsite serve stopped with ${JSON.stringify(exit)}\n${server.stderr()}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
