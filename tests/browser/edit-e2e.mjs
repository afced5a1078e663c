// End-to-end test of `kartsite serve --edit` in headless Chromium: open the preview, follow a
// priority's "Ändra" link, change its status and add a timeline entry, save, and see the page
// come back with the change; the same with the keyboard only; axe on the forms (also with
// errors shown and at 320 px) and on a preview page with its edit links.
//
// Run: cargo build && node tests/browser/edit-e2e.mjs
// (KARTSITE_BIN picks another binary; CHROMIUM_PATH another browser.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, kartsiteBin, tempCopy, startServe, launch } from './lib/kartsite.mjs';
import { axe, tabTo } from './lib/forms.mjs';

const FIXTURE = path.join(REPO, 'tests', 'fixtures', 'serve');
const PRIO = path.join('content', 'analys-och-aterkoppling', 'prioriteringar.yaml');
const WAIT = 10_000;

test('kartsite serve --edit: forms change the report and the preview follows', async () => {
  const root = tempCopy(FIXTURE);
  const server = await startServe(kartsiteBin('debug'), root, ['--edit']);
  const { browser, context, external } = await launch({ width: 1000, height: 800 });
  try {
    const page = await context.newPage();
    await page.goto(server.url + 'priorities.html');
    assert.deepEqual(await axe(page), [], 'the preview page with edit links');

    // 1. With the mouse: the item's link, a choice and a new timeline entry, Save.
    await page.locator('#pr-trygghet .ks-edit a').click();
    await page.waitForURL(/__kartsite\/edit\/priority\/pr-trygghet/);
    assert.deepEqual(await axe(page), [], 'the form');
    await page.selectOption('#f-status', 'ongoing');
    await page.fill('#tl-0-date', '2026-05-12');
    await page.fill('#tl-0-text', 'Första kvällsvandringen');
    await Promise.all([
      page.waitForURL(/priorities\.html#pr-trygghet$/, { timeout: WAIT }),
      page.getByRole('button', { name: 'Spara' }).click(),
    ]);
    let main = await page.locator('#pr-trygghet').innerText();
    assert.match(main, /Pågår/, main);
    assert.match(main, /Första kvällsvandringen/, main);
    const yaml = fs.readFileSync(path.join(root, PRIO), 'utf8');
    assert.match(yaml, /    status: ongoing\n    timeline:\n      - date: 2026-05-12\n        text: Första kvällsvandringen\n/, yaml);

    // 2. The keyboard only: Tab to the link, Enter; a letter picks the status; Tab to the new
    //    entry; Enter in a text field saves.
    await page.goto(server.url + 'priorities.html');
    await tabTo(page, () => document.activeElement?.getAttribute('href')?.includes('/__kartsite/edit/priority/pr-trygghet'), 'the edit link');
    await Promise.all([page.waitForURL(/__kartsite\/edit\/priority/), page.keyboard.press('Enter')]);
    await tabTo(page, () => document.activeElement?.id === 'f-status', 'the status');
    await page.keyboard.type('K'); // "Klar"
    assert.equal(await page.locator('#f-status').inputValue(), 'done');
    await tabTo(page, () => document.activeElement?.id === 'tl-1-date', 'the new timeline entry');
    await page.keyboard.type('2026-06-02');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Andra kvällsvandringen');
    await Promise.all([
      page.waitForURL(/priorities\.html#pr-trygghet$/, { timeout: WAIT }),
      page.keyboard.press('Enter'),
    ]);
    main = await page.locator('#pr-trygghet').innerText();
    assert.match(main, /Klar/, main);
    assert.match(main, /Andra kvällsvandringen/, main);

    // 3. A mistake: the build's message next to the field, the summary announced and focused,
    //    nothing written; axe finds nothing on the form with errors.
    const before = fs.readFileSync(path.join(root, PRIO), 'utf8');
    await page.goto(server.url + '__kartsite/edit/priority/pr-trygghet?from=priorities.html');
    await page.fill('#f-rank', 'tolv');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Spara' }).click()]);
    await page.waitForSelector('#error-summary');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
    assert.equal(await page.locator('#f-rank').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#f-rank-err').innerText(), /prioriteringar\.yaml:\d+/);
    assert.equal(await page.locator('#f-rank').inputValue(), 'tolv', 'the writer’s text is kept');
    assert.deepEqual(await axe(page), [], 'the form with errors');
    assert.equal(fs.readFileSync(path.join(root, PRIO), 'utf8'), before);

    // 4. 320 px: no sideways scrolling on the form; axe again.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(server.url + '__kartsite/new/priority?from=priorities.html');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the new-item form is ${wide} px wide at 320 px`);
    assert.deepEqual(await axe(page), [], 'the new-item form at 320 px');

    assert.deepEqual(external, [], 'no request left this machine');
  } finally {
    await browser.close();
    const exit = await server.stop();
    assert.equal(exit.code, 0, `kartsite serve stopped with ${JSON.stringify(exit)}\n${server.stderr()}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
