// Benchmark of `kartsite serve --watch` on a generated report (default 10,000 pages): the time
// from saving a page to
//   rebuilt   the server's own figure for the rebuild (its log line; after the debounce),
//   served    the new page coming back from HTTP (polled as fast as possible),
//   reload    an open page starting to reload (it got the reload message over the WebSocket),
//   received  the reloading page's HTML fully received,
//   reloaded  that page having loaded again (its load event) with the new text.
// Browser times are taken in the page (performance.timeOrigin), so the delay of the DevTools
// protocol telling node is not counted.
// Two kinds of edit: the text of a page, and its title (which its phase page lists).
//
// Run: bench/serve.sh, which builds the release binaries first. Environment: PAGES (10000),
// ROUNDS (20), KARTSITE_BIN, SERVE_BENCH_BIN, CHROMIUM_PATH, KEEP=1 keeps the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO, kartsiteBin, startServe, launch } from './lib/kartsite.mjs';

const PAGES = Number(process.env.PAGES || 10000);
const ROUNDS = Number(process.env.ROUNDS || 20);
const PHASES = ['forberedelser', 'kartlaggning', 'behovsidentifiering', 'analys-och-aterkoppling'];
const GEN = process.env.SERVE_BENCH_BIN || path.join(REPO, 'target', 'release', 'examples', 'serve_bench');

/** Where the generator (examples/serve_bench.rs) puts page `n`, and its URL. */
function pageOf(n) {
  const dir = `${PHASES[n % PHASES.length]}/del-${String(Math.floor(n / 400)).padStart(2, '0')}`;
  const stem = `sida-${String(n).padStart(5, '0')}`;
  return { file: `content/${dir}/${stem}.md`, url: `${dir}/${stem}.html` };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.round((s.length - 1) * p))];
  return { median: q(0.5), p90: q(0.9), max: s[s.length - 1] };
}

function edit(root, rel, from, to) {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${rel} lacks ${from}`);
  const t0 = performance.now();
  fs.writeFileSync(file, text.replace(from, to));
  return t0;
}

async function main() {
  if (!fs.existsSync(GEN)) throw new Error(`no ${GEN}: run bench/serve.sh (or cargo build --release --example serve_bench)`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kartsite-bench-'));
  const gen = spawnSync(GEN, ['generate', root, String(PAGES)], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(gen.stderr);
  process.stdout.write(gen.stdout);

  const t = performance.now();
  const server = await startServe(kartsiteBin('release'), root);
  const startup = performance.now() - t;
  const built = server.lines.find((l) => /built \d+ pages/.test(l.line));
  console.log(`server up in ${startup.toFixed(0)} ms: ${built ? built.line : '?'}`);
  const { browser, context, external } = await launch();
  const results = {};
  const record = (kind, what, ms) => ((results[kind] ??= {})[what] ??= []).push(ms);
  // The server's log line for a rebuild: "...: N file(s) changed in X ms (...)".
  const rebuiltRe = /: (?:\d+ files? changed|\d+ changed, \d+ removed|nothing changed) in ([\d.]+) ms/;

  try {
    for (const kind of ['text', 'title']) {
      for (let i = 0; i < ROUNDS; i++) {
        const n = (i * 997 + (kind === 'title' ? 501 : 0)) % PAGES;
        const { file, url } = pageOf(n);
        const [from, to] = kind === 'text'
          ? [`Inledning till sida ${n}.`, `Inledning till sida ${n}. Mätning ${kind} ${i}.`]
          : [`title: "Sida ${n}"`, `title: "Sida ${n} – mätning ${i}"`];
        const marker = kind === 'text' ? `Mätning ${kind} ${i}.` : `Sida ${n} – mätning ${i}`;

        // Served over HTTP.
        let t0 = edit(root, file, from, to);
        for (;;) {
          const body = await (await fetch(server.url + url)).text();
          if (body.includes(marker)) break;
          if (performance.now() - t0 > 10_000) throw new Error(`${url} never showed ${marker}`);
        }
        record(kind, 'served', performance.now() - t0);
        const line = await server.nextLine(rebuiltRe, t0);
        record(kind, 'rebuilt', Number(line.line.match(rebuiltRe)[1]));
        edit(root, file, to, from);
        const since = performance.now() - 1;
        await server.nextLine(rebuiltRe, since);
        // Let the print page and search index of that edit be made first.
        await sleep(900);

        // An open page: it starts to reload, then has reloaded.
        const tab = await context.newPage();
        let hello;
        const helloSeen = new Promise((r) => { hello = r; });
        tab.on('websocket', (ws) => ws.on('framereceived', (f) => {
          if (String(f.payload).includes('"type":"hello"')) hello();
        }));
        await tab.goto(server.url + url);
        await helloSeen;
        const loaded = tab.waitForEvent('load', { timeout: 10_000 });
        t0 = edit(root, file, from, to);
        await loaded;
        await tab.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0);
        const after = await tab.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          return {
            origin: performance.timeOrigin,
            received: nav.responseEnd,
            loaded: nav.loadEventEnd,
            text: document.body.innerText,
          };
        });
        if (!after.text.includes(marker)) throw new Error(`${url} reloaded without ${marker}`);
        // Both clocks are the wall clock of this machine, in ms since 1970.
        const saved = performance.timeOrigin + t0;
        record(kind, 'reload', after.origin - saved);
        record(kind, 'received', after.origin + after.received - saved);
        record(kind, 'reloaded', after.origin + after.loaded - saved);
        await tab.close();
        edit(root, file, to, from);
        const since2 = performance.now() - 1;
        await server.nextLine(rebuiltRe, since2);
        await sleep(900);
      }
    }
  } finally {
    await browser.close();
    await server.stop();
    if (!process.env.KEEP) fs.rmSync(root, { recursive: true, force: true });
  }
  if (external.length) throw new Error(`requests left the machine: ${external.join(', ')}`);

  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\n${PAGES} pages, ${ROUNDS} edits of each kind; ${os.cpus().length} cores, load average ${load}`);
  console.log('edit of        step        median      p90      max   (ms from saving the file)');
  for (const [kind, steps] of Object.entries(results)) {
    for (const step of ['rebuilt', 'served', 'reload', 'received', 'reloaded']) {
      const s = stats(steps[step]);
      const cells = [s.median, s.p90, s.max].map((x) => x.toFixed(1).padStart(8)).join(' ');
      console.log(`${kind.padEnd(14)} ${step.padEnd(10)} ${cells}`);
    }
  }
  console.log('(rebuilt: the server\'s own time for the rebuild, after the 25 ms debounce)');
}

main().catch((e) => { console.error(e); process.exit(1); });
