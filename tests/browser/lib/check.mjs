// Browser checks for built kartsite sites. Usage: node lib/check.mjs SITE_DIR [SITE_DIR...]
//
// For every site directory:
//   * file://  : index.html opened straight from disk: its stylesheets load and change the
//                computed style, its relative links point at existing files, and it makes
//                no request to a non-local host.
//   * for every *.html (sorted), served from a tiny 127.0.0.1 server:
//       load               document is 200, no local subresource fails, no uncaught JS error
//       axe                axe-core, tags wcag2a/wcag2aa/wcag21a/wcag21aa/wcag22aa/best-practice:
//                          zero violations, at 1280 px and again at 320 px
//       keyboard           first Tab focuses a skip link (#fragment with an existing target);
//                          the first tab stops have a visible focus indicator
//       reflow-320         at 320x640 nothing scrolls horizontally
//       menu-375           at 375 px the menu is one closed button (≤ 2 rows), opens on a click,
//                          and shows every entry at 1280 px
//       lang-dir           text in a language of the other direction carries its own dir
//       poster-print       flyer.html prints on one A4 and one A3 page, QR code >= 35 mm
//       external-requests  no request to a host other than 127.0.0.1/localhost
// Prints one line per page (details under failures) and ends with "N passed, M failed",
// counting every (page, check) pair. Exit 0 only if nothing failed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.resolve(HERE, '..');
const AXE_PATH = path.join(PKG_DIR, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_VERSION = JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'node_modules', 'axe-core', 'package.json'), 'utf8')).version;
const AXE_SOURCE = fs.readFileSync(AXE_PATH, 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CONCURRENCY = Math.max(1, Number(process.env.BROWSER_TEST_CONCURRENCY) || 2);
const FOCUS_STOPS = 5;
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };
const NAV_TIMEOUT = 30_000;
const PAGE_TIMEOUT = 120_000; // whole set of checks on one page (guards against a hung page)
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CHECKS = ['load', 'axe', 'keyboard', 'reflow-320', 'menu-375', 'lang-dir', 'poster-print', 'external-requests'];
const PHONE = { width: 375, height: 800 };
const PX_PER_MM = 96 / 25.4;
// Page areas (paper less the poster's 12 mm margins) and the least width of the QR code.
const PAPERS = [{ format: 'A4', width: 210 - 24 }, { format: 'A3', width: 297 - 24 }];
const QR_MIN_MM = 35;

const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Belt and braces: even requests the page can't see (preconnect, DNS prefetch) resolve nowhere.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

// ---------------------------------------------------------------------------------------------

/** True for URLs a built page may request: loopback http(s)/ws, file:, data:, blob:, about:. */
function isAllowedUrl(url) {
  let u;
  try { u = new URL(url); } catch { return false; }
  if (['file:', 'data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && LOCAL_HOSTS.has(u.hostname);
}

function listHtmlFiles(root) {
  const out = [];
  (function walk(dir) {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (ent.isFile() && ent.name.toLowerCase().endsWith('.html')) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  })(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const clip = (s, n = 300) => {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
};
const indent = (text, pad) => text.split('\n').map((l) => pad + l).join('\n');

/**
 * Wire request recording/blocking into a browser context. Anything that is not loopback/file/data
 * is aborted and remembered; local responses >= 400 and failed local requests are remembered too.
 */
async function instrument(context) {
  const rec = { external: new Set(), failedLocal: [], pageErrors: [] };
  await context.route((url) => !isAllowedUrl(url.href), (route) => {
    rec.external.add(`${route.request().method()} ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  if (context.routeWebSocket) {
    await context.routeWebSocket((url) => !isAllowedUrl(url.href), (ws) => {
      rec.external.add(`WEBSOCKET ${ws.url()}`);
      return ws.close();
    });
  }
  context.on('request', (req) => {
    if (!isAllowedUrl(req.url())) rec.external.add(`${req.method()} ${req.url()}`);
  });
  const badStatus = new Set();
  context.on('response', (res) => {
    if (res.status() >= 400 && isAllowedUrl(res.url())) {
      badStatus.add(res.url());
      rec.failedLocal.push(`HTTP ${res.status()} ${res.url()}`);
    }
  });
  context.on('requestfailed', (req) => {
    // a 404 stylesheet also shows up as an aborted request: report it once
    if (isAllowedUrl(req.url()) && !badStatus.has(req.url())) rec.failedLocal.push(`${req.failure()?.errorText || 'failed'} ${req.url()}`);
  });
  context.on('weberror', (err) => rec.pageErrors.push(clip(err.error()?.message || String(err.error()), 400)));
  return rec;
}

/** In-page: resource hints that would make the browser contact an external host. */
function externalHintsInPage() {
  const local = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const out = [];
  for (const l of document.querySelectorAll('link[href]')) {
    const rel = (l.getAttribute('rel') || '').toLowerCase();
    if (!/\b(preconnect|dns-prefetch|prefetch|preload|modulepreload|prerender)\b/.test(rel)) continue;
    try {
      const u = new URL(l.getAttribute('href'), document.baseURI);
      if (['http:', 'https:'].includes(u.protocol) && !local.has(u.hostname)) out.push(`<link rel="${rel}"> ${u.href}`);
    } catch { /* ignore */ }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// In-page helpers (serialised into the page by page.evaluate).

function describeActive() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const parseAlpha = (c) => {
    if (!c || c === 'transparent') return 0;
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return 1;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean);
    return parts.length >= 4 ? parseFloat(parts[3]) : 1;
  };
  const outlineVisible = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 &&
    (cs.outlineStyle === 'auto' || parseAlpha(cs.outlineColor) > 0);
  const shadowVisible = cs.boxShadow && cs.boxShadow !== 'none';
  let sel = el.tagName.toLowerCase();
  if (el.id) sel += '#' + el.id;
  if (el.classList.length) sel += '.' + [...el.classList].join('.');
  const href = el.getAttribute('href');
  let targetExists = false;
  if (href && href.startsWith('#') && href.length > 1) {
    let id = href.slice(1);
    try { id = decodeURIComponent(id); } catch { /* keep raw */ }
    targetExists = !!(document.getElementById(id) || document.getElementsByName(id).length);
  }
  return {
    sel,
    tag: el.tagName,
    href,
    targetExists,
    html: el.outerHTML.slice(0, 400),
    outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
    boxShadow: cs.boxShadow,
    indicator: outlineVisible || !!shadowVisible,
    rect: { x: r.x, y: r.y, w: r.width, h: r.height },
    onScreen: r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 &&
      r.left < innerWidth && r.top < innerHeight,
  };
}

function measureReflow() {
  const vw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  const offenders = [];
  if (sw > vw + 1) {
    const clipped = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible' && p !== document.documentElement && p !== document.body) return true;
      }
      return false;
    };
    const name = (el) => {
      let sel = el.tagName.toLowerCase();
      if (el.id) sel += '#' + el.id;
      if (el.classList.length) sel += '.' + [...el.classList].join('.');
      return sel;
    };
    // Content (e.g. a long unbreakable word) sticking out of a box whose overflow is visible.
    const spills = (el) => {
      if (getComputedStyle(el).overflowX !== 'visible') return false;
      return el.getBoundingClientRect().left + el.scrollWidth > vw + 1 && el.scrollWidth > el.clientWidth + 1;
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (clipped(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const parent = el.parentElement;
      if (r.right > vw + 1) {
        // the element's box is too wide: report the outermost such box
        if (parent && parent !== document.body && parent.getBoundingClientRect().right > vw + 1) continue;
        offenders.push(`${name(el)} box is too wide (right edge ${Math.round(r.right)}px): ${el.outerHTML.slice(0, 160)}`);
      } else if (spills(el) && ![...el.children].some(spills) &&
        ![...el.children].some((c) => c.getBoundingClientRect().right > vw + 1)) {
        // the box fits but its own content (text, inline content) spills out: report the innermost
        offenders.push(`${name(el)} content overflows its ${Math.round(r.width)}px box (scrollWidth ${el.scrollWidth}px; long word? try overflow-wrap/hyphens): ${el.outerHTML.slice(0, 160)}`);
      }
      if (offenders.length >= 5) break;
    }
  }
  return { vw, sw, offenders };
}

/** In-page: every element marked with another language whose direction differs from the page's
 *  must say its own direction (dir="ltr"/"auto", or be a <bdi>), so a Swedish fallback inside an
 *  Arabic page reads left to right; text nodes of the page's body are checked for a lang too. */
function langDirProblems() {
  const RTL = ['ar', 'fa', 'ckb', 'ur', 'he', 'yi', 'syr', 'ps', 'prs'];
  const dirOf = (l) => (RTL.includes((l || '').toLowerCase().split('-')[0]) ? 'rtl' : 'ltr');
  const html = document.documentElement;
  const pageLang = html.getAttribute('lang') || '';
  const out = [];
  if (!pageLang) out.push('<html> has no lang');
  if ((html.getAttribute('dir') || 'ltr') !== dirOf(pageLang)) out.push(`<html lang="${pageLang}"> has dir="${html.getAttribute('dir')}"`);
  for (const el of document.body.querySelectorAll('[lang]')) {
    const l = el.getAttribute('lang');
    if (!l) { out.push(`empty lang on ${el.outerHTML.slice(0, 120)}`); continue; }
    if (!el.textContent.trim() && !el.getAttribute('alt')) continue;
    const parent = el.parentElement.closest('[lang]') || html;
    const around = (el.parentElement.closest('[dir]') || html).getAttribute('dir') || dirOf(parent.getAttribute('lang'));
    if (dirOf(l) !== around && !el.hasAttribute('dir') && el.tagName !== 'BDI' && el.tagName !== 'IMG') {
      out.push(`lang="${l}" inside a ${around} context has no dir: ${el.outerHTML.slice(0, 160)}`);
    }
  }
  return out;
}

/** In-page: the menu at a phone's width — closed, at most two rows high, opening on a click. */
function menuProblems() {
  const nav = document.querySelector('nav.site-nav');
  if (!nav) return [];
  const out = [];
  const summary = nav.querySelector('summary');
  const h = nav.getBoundingClientRect().height;
  const row = summary ? summary.getBoundingClientRect().height : 0;
  if (!summary || row === 0) out.push('no visible menu button (<summary>) at 375 px');
  else if (h > 2 * row + 2) out.push(`the menu is ${Math.round(h)} px high at 375 px (more than two rows of ${Math.round(row)} px)`);
  return out;
}

/** In-page: stylesheet state and a computed-style fingerprint with and without the site's CSS. */
function styleProbe() {
  const props = ['font-family', 'font-size', 'color', 'background-color', 'margin-top', 'margin-left',
    'padding-left', 'max-width', 'line-height', 'display', 'position', 'top', 'text-decoration-line'];
  const pick = () => {
    const els = [document.documentElement, document.body, ...document.body.querySelectorAll('*')].slice(0, 60);
    return els.map((el) => { const cs = getComputedStyle(el); return props.map((p) => cs.getPropertyValue(p)).join('|'); }).join('\n');
  };
  const links = [...document.querySelectorAll('link[rel~="stylesheet" i]')].map((l) => ({ href: l.href, loaded: !!l.sheet }));
  const withCss = pick();
  const sheets = [...document.styleSheets];
  sheets.forEach((s) => { s.disabled = true; });
  const withoutCss = pick();
  sheets.forEach((s) => { s.disabled = false; });
  const anchors = [...document.querySelectorAll('a[href]')].map((a) => ({ raw: a.getAttribute('href'), abs: a.href }));
  return { links, styleSheetCount: sheets.length, cssChangesStyle: withCss !== withoutCss, anchors };
}

// ---------------------------------------------------------------------------------------------

/** Run axe-core over the page and push one report per violation into `out`, labelled `width`. */
async function runAxe(page, out, width) {
  try {
    if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
    const axe = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)), html: n.html, summary: n.failureSummary })),
      }));
    }, AXE_TAGS);
    for (const v of axe) {
      const lines = [`[${v.impact}] ${v.id} at ${width}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`, `  ${v.helpUrl}`];
      for (const n of v.nodes) {
        lines.push(`  - target: ${n.target.join(', ')}`);
        lines.push(`    html:   ${clip(n.html, 300)}`);
        if (n.summary) {
          for (const l of n.summary.split('\n').map((x) => x.trim()).filter(Boolean).slice(0, 12)) {
            lines.push(`    ${/^Fix (any|all)/.test(l) ? '' : '  '}${clip(l, 300)}`);
          }
        }
      }
      out.push(lines.join('\n'));
    }
  } catch (e) {
    out.push(`axe could not run at ${width}: ${clip(e.message, 300)}`);
  }
}

async function checkPage(browser, site, rel) {
  const url = `${site.server.origin}/${rel.split('/').map(encodeURIComponent).join('/')}`;
  const results = Object.fromEntries(CHECKS.map((c) => [c, []])); // check -> list of problems
  const context = await browser.newContext({ viewport: DESKTOP, serviceWorkers: 'block', reducedMotion: 'reduce' });
  const rec = await instrument(context);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT);
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    } catch (e) {
      for (const c of CHECKS) results[c].push(`page did not load: ${clip(e.message, 300)}`);
      return results;
    }
    if (!response || response.status() !== 200) results.load.push(`document status ${response ? response.status() : 'none'}`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));

    // axe-core at 1280 px (the 320 px run follows the reflow check)
    await runAxe(page, results.axe, `${DESKTOP.width}px`);

    // keyboard: first Tab -> skip link, then the first tab stops show a focus indicator
    try {
      await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
      const seen = new Set();
      for (let i = 1; i <= FOCUS_STOPS; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(describeActive);
        if (i === 1) {
          if (!f) {
            results.keyboard.push('Tab #1 focused nothing (expected a skip link)');
            break;
          }
          if (f.tag !== 'A' || !f.href || !f.href.startsWith('#') || f.href.length < 2) {
            results.keyboard.push(`Tab #1 focused ${f.sel}, not a skip link <a href="#…">: ${clip(f.html, 200)}`);
          } else if (!f.targetExists) {
            results.keyboard.push(`skip link ${f.sel} points to ${f.href}, but no element has that id/name`);
          }
        }
        if (!f) break; // fewer tab stops than FOCUS_STOPS
        const key = f.html + '@' + f.rect.x + ',' + f.rect.y;
        if (seen.has(key)) break; // wrapped around
        seen.add(key);
        if (!f.indicator) {
          results.keyboard.push(`Tab #${i}: ${f.sel} has no visible focus indicator (outline: ${f.outline}; box-shadow: ${f.boxShadow}): ${clip(f.html, 200)}`);
        }
        if (!f.onScreen) {
          const r = f.rect;
          results.keyboard.push(`Tab #${i}: focused ${f.sel} is not visible on screen (box ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.w)}x${Math.round(r.h)}): ${clip(f.html, 200)}`);
        }
      }
      await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
    } catch (e) {
      results.keyboard.push(`keyboard check crashed: ${clip(e.message, 300)}`);
    }

    // reflow at 320 CSS px
    try {
      await page.setViewportSize(NARROW);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const m = await page.evaluate(measureReflow);
      if (m.sw > m.vw + 1) {
        results['reflow-320'].push([`scrolls horizontally at ${NARROW.width}px: scrollWidth ${m.sw} > innerWidth ${m.vw}`,
          ...m.offenders.map((o) => `  - ${clip(o, 260)}`)].join('\n'));
      }
    } catch (e) {
      results['reflow-320'].push(`reflow check crashed: ${clip(e.message, 300)}`);
    }
    await runAxe(page, results.axe, `${NARROW.width}px`);

    // lang and dir of text in another language than the page
    try {
      results['lang-dir'].push(...await page.evaluate(langDirProblems));
    } catch (e) {
      results['lang-dir'].push(`lang/dir check crashed: ${clip(e.message, 300)}`);
    }

    // the menu: compact and closed on a phone, open (every entry visible) at 1280 px
    try {
      await page.setViewportSize(PHONE);
      results['menu-375'].push(...await page.evaluate(menuProblems));
      if (await page.locator('nav.site-nav summary').count()) {
        await page.locator('nav.site-nav summary').click();
        const shown = await page.evaluate(() => [...document.querySelectorAll('nav.site-nav li a')].every((a) => a.getBoundingClientRect().height > 0));
        if (!shown) results['menu-375'].push('a click on the menu button does not show every menu entry');
        await page.setViewportSize(DESKTOP);
        const wide = await page.evaluate(() => {
          const d = document.querySelector('nav.site-nav details');
          if (d) d.open = false;
          const links = [...document.querySelectorAll('nav.site-nav li a')];
          return { hidden: links.filter((a) => a.getBoundingClientRect().height === 0).length, all: links.length };
        });
        if (wide.hidden) results['menu-375'].push(`at ${DESKTOP.width} px ${wide.hidden} of ${wide.all} menu entries are hidden behind the menu button`);
      }
    } catch (e) {
      results['menu-375'].push(`menu check crashed: ${clip(e.message, 300)}`);
    }

    // the poster: one page on A4 and on A3, QR code at least 35 mm wide
    if (rel.split('/').pop() === 'flyer.html') {
      try {
        await page.emulateMedia({ media: 'print' });
        for (const paper of PAPERS) {
          await page.setViewportSize({ width: Math.floor(paper.width * PX_PER_MM), height: 1000 });
          const qr = await page.evaluate(() => { const q = document.querySelector('svg.qr'); return q ? q.getBoundingClientRect().width : null; });
          // no QR code without [build] base_url (the build warns); the Rust tests check it is there with one
          if (qr !== null && qr / PX_PER_MM < QR_MIN_MM) results['poster-print'].push(`${paper.format}: the QR code is ${(qr / PX_PER_MM).toFixed(1)} mm wide, less than ${QR_MIN_MM} mm`);
          const pdf = await page.pdf({ format: paper.format, printBackground: true });
          const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
          if (pages !== 1) results['poster-print'].push(`${paper.format}: printed on ${pages} pages, not one`);
        }
        await page.emulateMedia({ media: 'screen' });
      } catch (e) {
        results['poster-print'].push(`print check crashed: ${clip(e.message, 300)}`);
      }
    }

    try {
      for (const h of await page.evaluate(externalHintsInPage)) rec.external.add(h);
    } catch { /* page gone: other checks will say so */ }
  } finally {
    await context.close().catch(() => {});
  }
  for (const f of rec.failedLocal) results.load.push(`local request failed: ${f}`);
  for (const e of rec.pageErrors) results.load.push(`uncaught JS error: ${e}`);
  for (const x of rec.external) results['external-requests'].push(`request to non-local host: ${x}`);
  return results;
}

/** Open index.html via file:// and prove the site works from disk. */
async function checkFromDisk(browser, site) {
  const problems = [];
  const index = path.join(site.root, 'index.html');
  if (!fs.existsSync(index)) return [`no index.html in ${site.label}`];
  const context = await browser.newContext({ viewport: DESKTOP, serviceWorkers: 'block' });
  const rec = await instrument(context);
  let info;
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    info = await page.evaluate(styleProbe);
    for (const h of await page.evaluate(externalHintsInPage)) rec.external.add(h);
  } catch (e) {
    problems.push(`could not open index.html from disk: ${clip(e.message, 300)}`);
  } finally {
    await context.close().catch(() => {});
  }
  if (info) {
    if (info.links.length === 0) problems.push('index.html links no stylesheet (<link rel="stylesheet">)');
    for (const l of info.links) if (!l.loaded) problems.push(`stylesheet did not load from disk: ${l.href}`);
    if (!info.cssChangesStyle) problems.push('computed style is the browser default: the stylesheet had no effect from disk');
    const seen = new Set();
    for (const a of info.anchors) {
      let u;
      try { u = new URL(a.abs); } catch { continue; }
      if (u.protocol !== 'file:' || seen.has(u.pathname)) continue;
      seen.add(u.pathname);
      const target = fileURLToPath(u);
      let st = null;
      try { st = fs.statSync(target); } catch { /* missing */ }
      if (!st) problems.push(`link href="${a.raw}" points to a missing file: ${target}`);
      else if (st.isDirectory()) problems.push(`link href="${a.raw}" points to a directory; from disk that is a folder listing, not a page (link to …/index.html)`);
    }
  }
  for (const f of rec.failedLocal) problems.push(`local request failed: ${f}`);
  for (const x of rec.external) problems.push(`request to non-local host: ${x}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
    console.error('usage: tests/browser/run.sh SITE_DIR [SITE_DIR...]');
    process.exit(2);
  }
  const t0 = Date.now();
  let passed = 0;
  let failed = 0;

  const sites = [];
  for (const arg of args) {
    const root = path.resolve(arg);
    const label = arg.replace(/\/+$/, '') || '/';
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
      console.log(`FAIL  ${label}: not a directory`);
      failed++;
      continue;
    }
    const pages = listHtmlFiles(root);
    if (pages.length === 0) {
      console.log(`FAIL  ${label}: no .html files`);
      failed++;
      continue;
    }
    sites.push({ root, label, pages });
  }

  let browser;
  if (sites.length) {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    } catch (e) {
      console.error(`cannot launch Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH):\n${e.message}`);
      console.log(`0 passed, ${failed + 1} failed`);
      process.exit(1);
    }
    console.log(`browser checks: Chromium ${browser.version()}, axe-core ${AXE_VERSION} (${AXE_TAGS.join(', ')}), concurrency ${CONCURRENCY}`);
  }

  // Tasks: per site one file:// check, then every page over HTTP. Results are printed in order.
  const tasks = [];
  for (const site of sites) {
    site.server = await startServer(site.root);
    tasks.push({ header: `== ${site.label}: ${site.pages.length} page(s), served at ${site.server.origin}/` });
    tasks.push({ site, disk: true });
    for (const rel of site.pages) tasks.push({ site, rel });
  }

  const outputs = new Array(tasks.length);
  let printed = 0;
  const flush = () => {
    while (printed < tasks.length && outputs[printed] !== undefined) console.log(outputs[printed++]);
  };
  const show = (p) => (p.site.label === '.' ? p.rel : `${p.site.label}/${p.rel}`);

  async function run(i) {
    const t = tasks[i];
    if (t.header) { outputs[i] = t.header; return; }
    if (t.disk) {
      const problems = await checkFromDisk(browser, t.site).catch((e) => [`crashed: ${e.message}`]);
      const name = `file://${path.join(t.site.root, 'index.html')}`;
      if (problems.length === 0) { passed++; outputs[i] = `ok    ${name} (from disk: stylesheet applied, links resolve, no external requests)`; }
      else { failed++; outputs[i] = [`FAIL  ${name} [from-disk]`, ...problems.map((p) => indent(`- ${p}`, '      '))].join('\n'); }
      return;
    }
    const t1 = Date.now();
    let results;
    try {
      let timer;
      results = await Promise.race([
        checkPage(browser, t.site, t.rel),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${PAGE_TIMEOUT / 1000}s`)), PAGE_TIMEOUT); }),
      ]).finally(() => clearTimeout(timer));
    } catch (e) {
      results = Object.fromEntries(CHECKS.map((c) => [c, [`crashed: ${clip(e.message, 300)}`]]));
    }
    const bad = CHECKS.filter((c) => results[c].length);
    passed += CHECKS.length - bad.length;
    failed += bad.length;
    const ms = Date.now() - t1;
    if (bad.length === 0) {
      outputs[i] = `ok    ${show(t)} [${CHECKS.join(', ')}] ${ms}ms`;
    } else {
      const lines = [`FAIL  ${show(t)}: ${bad.join(', ')} failed (passed: ${CHECKS.filter((c) => !bad.includes(c)).join(', ') || 'none'})`];
      for (const c of bad) {
        lines.push(`      ${c}:`);
        for (const p of results[c]) lines.push(indent(p, '        '));
      }
      outputs[i] = lines.join('\n');
    }
  }

  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      await run(i);
      flush();
    }
  }));
  flush();

  for (const site of sites) await site.server.close();
  if (browser) await browser.close();
  console.log(`took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e?.stack || String(e));
  console.log('0 passed, 1 failed');
  process.exit(1);
});
