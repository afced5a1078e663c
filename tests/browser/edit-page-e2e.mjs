// End-to-end test of the page forms of `kartsite serve --edit` in headless Chromium: follow a
// page's "Ändra sidan" link, change its title and text (the live preview follows), save, and see
// the page come back with the change; the same with the keyboard only; a new page from a
// section's "Ny sida" link; axe on the page bar and on the forms (also with errors and at 320 px).
//
// Run: cargo build && node tests/browser/edit-page-e2e.mjs
// (KARTSITE_BIN picks another binary; CHROMIUM_PATH another browser.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, kartsiteBin, tempCopy, startServe, launch } from './lib/kartsite.mjs';
import { axe, tabTo } from './lib/forms.mjs';

const FIXTURE = path.join(REPO, 'tests', 'fixtures', 'serve');
const STAT = path.join('content', 'kartlaggning', 'statistik.md');
const WAIT = 10_000;

test('kartsite serve --edit: page forms change the page and the preview follows', async () => {
  const root = tempCopy(FIXTURE);
  const server = await startServe(kartsiteBin('debug'), root, ['--edit']);
  const { browser, context, external } = await launch({ width: 1000, height: 800 });
  // A site page exactly (a form's address ends in `?from=<the page>`).
  const exactly = (p) => new RegExp(`^${(server.url + p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  try {
    const page = await context.newPage();
    await page.goto(server.url + 'kartlaggning/statistik.html');
    assert.deepEqual(await axe(page), [], 'the preview page with the page bar');

    // 1. With the mouse: the page's link, its title and text (the live preview follows), Save.
    await page.locator('.ks-edit-page a', { hasText: 'Ändra sidan' }).click();
    await page.waitForURL(/__kartsite\/page\/kartlaggning\/statistik\.html/);
    assert.deepEqual(await axe(page), [], 'the page form');
    await page.fill('#f-title', 'Norrby i siffror');
    const text = await page.locator('#f-body').inputValue();
    assert.match(text, /4 000 invånare/);
    await page.fill('#f-body', text.replace('4 000', '4 300'));
    await page.waitForFunction(() => document.querySelector('.md-preview')?.textContent.includes('4 300'), null, { timeout: WAIT });
    await Promise.all([
      page.waitForURL(exactly('kartlaggning/statistik.html'), { timeout: WAIT }),
      page.getByRole('button', { name: 'Spara' }).click(),
    ]);
    assert.match(await page.locator('main h1').first().innerText(), /Norrby i siffror/);
    assert.match(await page.locator('main').innerText(), /4 300 invånare/);
    let md = fs.readFileSync(path.join(root, STAT), 'utf8');
    assert.match(md, /^---\ntitle: Norrby i siffror\nsummary: Befolkning och boende i siffror\.\norder: 1\n/, md);

    // 2. The keyboard only: Tab to the page's link, Enter; Tab to the order; Enter saves.
    await tabTo(page, () => document.activeElement?.getAttribute('href')?.startsWith('/__kartsite/page/kartlaggning/statistik.html'), 'the edit page link');
    await Promise.all([page.waitForURL(/__kartsite\/page\//), page.keyboard.press('Enter')]);
    await tabTo(page, () => document.activeElement?.id === 'f-order', 'the order');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    await Promise.all([
      page.waitForURL(exactly('kartlaggning/statistik.html'), { timeout: WAIT }),
      page.keyboard.press('Enter'),
    ]);
    md = fs.readFileSync(path.join(root, STAT), 'utf8');
    assert.match(md, /\norder: 5\n/, md);

    // 3. A new page from the section's link, named from its title.
    await page.goto(server.url + 'kartlaggning/');
    await page.locator('.ks-edit-page a', { hasText: 'Ny sida' }).click();
    await page.waitForURL(/__kartsite\/new-page\/kartlaggning\/index\.html/);
    assert.deepEqual(await axe(page), [], 'the new page form');
    await page.fill('#f-title', 'Möten på torget');
    await page.fill('#f-body', 'Vi träffade 40 boende på torget.');
    await Promise.all([
      page.waitForURL(exactly('kartlaggning/moten-pa-torget.html'), { timeout: WAIT }),
      page.getByRole('button', { name: 'Spara' }).click(),
    ]);
    assert.match(await page.locator('main').innerText(), /Vi träffade 40 boende/);
    assert.ok(fs.existsSync(path.join(root, 'content', 'kartlaggning', 'moten-pa-torget.md')));

    // 4. A mistake: the build's message at the field, the summary focused, nothing written.
    const before = fs.readFileSync(path.join(root, STAT), 'utf8');
    await page.goto(server.url + '__kartsite/page/kartlaggning/statistik.html');
    await page.fill('#f-order', 'två');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Spara' }).click()]);
    await page.waitForSelector('#error-summary');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
    assert.equal(await page.locator('#f-order').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#f-order-err').innerText(), /statistik\.md:\d+/);
    assert.deepEqual(await axe(page), [], 'the page form with errors');
    assert.equal(fs.readFileSync(path.join(root, STAT), 'utf8'), before);

    // 5. 320 px: no sideways scrolling on the page form; axe again.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(server.url + '__kartsite/page/kartlaggning/statistik.html');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the page form is ${wide} px wide at 320 px`);
    assert.deepEqual(await axe(page), [], 'the page form at 320 px');
    await page.goto(server.url + '__kartsite/pages/');
    assert.deepEqual(await axe(page), [], 'the list of pages at 320 px');

    assert.deepEqual(external, [], 'no request left this machine');
  } finally {
    await browser.close();
    const exit = await server.stop();
    assert.equal(exit.code, 0, `kartsite serve stopped with ${JSON.stringify(exit)}\n${server.stderr()}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
