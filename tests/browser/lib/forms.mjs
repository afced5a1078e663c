// Helpers of the `kartsite serve --edit` browser tests: axe on a page, and Tab until an element
// has the focus.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './kartsite.mjs';

const AXE = fs.readFileSync(path.join(REPO, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** The axe violations on the page (WCAG 2.2 AA and best practices), one line each. */
export async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Press Tab until `pred(activeElement)` holds; fails after `max` presses. */
export async function tabTo(page, pred, what, max = 300) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(pred)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}
