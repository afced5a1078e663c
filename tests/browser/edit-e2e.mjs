// End-to-end test of `kartsite serve --edit` in headless Chromium: open the preview, follow a
// priority's "Ändra" link, change its status and add a timeline entry, save, and see the page
// come back with the change; the same with the keyboard only; axe on the forms (also with
// errors shown and at 320 px) and on a preview page with its edit links.
//
// A second test on a copy of the example report: edit a SWOT entry through its "Ändra" link and
// add an årshjul activity through the page's "Ny …" link, axe on both forms.
//
// Run: cargo build && node tests/browser/edit-e2e.mjs
// (KARTSITE_BIN picks another binary; CHROMIUM_PATH another browser.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
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

/** A copy of the example report at the repository root (book.toml, content/, data/). */
function exampleCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartsite-edit-example-'));
  fs.copyFileSync(path.join(REPO, 'book.toml'), path.join(dir, 'book.toml'));
  for (const d of ['content', 'data']) fs.cpSync(path.join(REPO, d), path.join(dir, d), { recursive: true });
  return dir;
}

test('kartsite serve --edit: a SWOT entry and an årshjul activity through forms', async () => {
  const root = exampleCopy();
  const server = await startServe(kartsiteBin('debug'), root, ['--edit']);
  const { browser, context, external } = await launch({ width: 1000, height: 800 });
  const SWOT = path.join('content', 'analys-och-aterkoppling', 'swot.yaml');
  const ARSHJUL = path.join('content', 'analys-och-aterkoppling', 'arshjul.yaml');
  try {
    const page = await context.newPage();
    await page.goto(server.url + 'swot.html');
    assert.deepEqual(await axe(page), [], 'the SWOT page with edit links');

    // The entry's own link; its kind a choice, its findings a picker; Save.
    await page.locator('#s-engagerad-skola .ks-edit a').click();
    await page.waitForURL(/__kartsite\/edit\/swot\/s-engagerad-skola/);
    assert.deepEqual(await axe(page), [], 'the SWOT form');
    assert.equal(await page.locator('#f-kind').inputValue(), 'strength');
    await page.selectOption('#f-kind', 'opportunity');
    await page.fill('#f-text', 'Skolan har kurator och skolsköterska, och vill samarbeta.');
    await Promise.all([
      page.waitForURL(/swot\.html#s-engagerad-skola$/, { timeout: WAIT }),
      page.getByRole('button', { name: 'Spara' }).click(),
    ]);
    const entry = await page.locator('#s-engagerad-skola').innerText();
    assert.match(entry, /vill samarbeta/, entry);
    const quadrant = await page.locator('.swot-opportunity', { has: page.locator('#s-engagerad-skola') }).innerText();
    assert.match(quadrant, /vill samarbeta/, quadrant);
    const swot = fs.readFileSync(path.join(root, SWOT), 'utf8');
    assert.match(swot, /  - id: s-engagerad-skola\n    kind: opportunity\n    text: Skolan har kurator och skolsköterska, och vill samarbeta\.\n/, swot);

    // A new activity from the årshjul page's bar, with the keyboard's help for the months.
    await page.goto(server.url + 'annual-cycle.html');
    assert.deepEqual(await axe(page), [], 'the årshjul page with edit links');
    await page.locator('.ks-edit-bar a', { hasText: 'Ny aktivitet i årshjulet' }).click();
    await page.waitForURL(/__kartsite\/new\/activity/);
    assert.deepEqual(await axe(page), [], 'the new activity form');
    await page.fill('#f-name', 'Språkcafé på biblioteket');
    await page.selectOption('#f-from', 'september');
    await page.selectOption('#f-to', 'november');
    await page.selectOption('#f-responsible', 'a-biblioteket');
    await Promise.all([
      page.waitForURL(/annual-cycle\.html#ah-sprakcafe-pa-biblioteket$/, { timeout: WAIT }),
      page.getByRole('button', { name: 'Spara' }).click(),
    ]);
    const september = await page.locator('#month-9').innerText();
    assert.match(september, /Språkcafé på biblioteket/, september);
    const arshjul = fs.readFileSync(path.join(root, ARSHJUL), 'utf8');
    assert.match(arshjul, /  - id: ah-sprakcafe-pa-biblioteket\n    name: Språkcafé på biblioteket\n    from: september\n    to: november\n    responsible: a-biblioteket\n$/, arshjul);

    // The other pages with new edit links: axe finds nothing on them either.
    for (const url of ['actors.html', 'environment.html', 'glossary.html', 'en/glossary.html']) {
      await page.goto(server.url + url);
      assert.ok(await page.locator('.ks-edit a').count() > 0, `${url} has edit links`);
      assert.deepEqual(await axe(page), [], `${url} with edit links`);
    }

    // 320 px: the SWOT form fits.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(server.url + '__kartsite/edit/swot/s-engagerad-skola?from=swot.html');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the SWOT form is ${wide} px wide at 320 px`);
    assert.deepEqual(await axe(page), [], 'the SWOT form at 320 px');

    assert.deepEqual(external, [], 'no request left this machine');
  } finally {
    await browser.close();
    const exit = await server.stop();
    assert.equal(exit.code, 0, `kartsite serve stopped with ${JSON.stringify(exit)}\n${server.stderr()}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
