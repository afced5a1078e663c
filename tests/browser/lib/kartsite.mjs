// Helpers for driving `kartsite serve` from node: copy a report, start the server, launch the
// system Chromium. Used by serve-e2e.mjs and serve-bench.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** The kartsite binary: $KARTSITE_BIN, else target/<profile>/kartsite of this repository. */
export function kartsiteBin(profile = 'debug') {
  const bin = process.env.KARTSITE_BIN || path.join(REPO, 'target', profile, 'kartsite');
  if (!fs.existsSync(bin)) {
    throw new Error(`no kartsite binary at ${bin}: run \`cargo build${profile === 'release' ? ' --release' : ''}\` first (or set KARTSITE_BIN)`);
  }
  return bin;
}

/** Copy a folder recursively into a new temporary folder; returns its path. */
export function tempCopy(src, prefix = 'kartsite-serve-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/**
 * Start `kartsite serve --watch --port 0 --root ROOT`. Resolves when it prints its address to
 * { url, child, lines, stop() }; `lines` collects stdout lines, `stop()` sends SIGINT and
 * resolves to the exit code.
 */
export function startServe(bin, root, extraArgs = []) {
  const child = spawn(bin, ['serve', '--watch', '--port', '0', '--root', root, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const errors = [];
  const waiters = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push({ at: performance.now(), line });
      for (const w of waiters.splice(0)) w();
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => errors.push(chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kartsite serve did not start:\n${errors.join('')}`)), 120_000);
    const look = () => {
      const hit = lines.find((l) => /http:\/\/127\.0\.0\.1:\d+\//.test(l.line));
      if (!hit) { waiters.push(look); return; }
      clearTimeout(timer);
      const url = hit.line.match(/http:\/\/127\.0\.0\.1:\d+\//)[0];
      resolve({
        url,
        child,
        lines,
        stderr: () => errors.join(''),
        /** Resolves with the next stdout line matching `re` printed after `since` (ms). */
        nextLine(re, since, timeout = 10_000) {
          return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error(`no line matching ${re}`)), timeout);
            const check = () => {
              const l = lines.find((x) => x.at >= since && re.test(x.line));
              if (l) { clearTimeout(t); res(l); } else waiters.push(check);
            };
            check();
          });
        },
        async stop() {
          child.kill('SIGINT');
          return exited;
        },
      });
    };
    exited.then(({ code }) => reject(new Error(`kartsite serve exited (${code}):\n${errors.join('')}`)));
    look();
  });
}

/** Launch the system Chromium; requests to other hosts are blocked and recorded in `external`. */
export async function launch(viewport = { width: 1000, height: 700 }) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const context = await browser.newContext({ viewport });
  const external = [];
  const local = (u) => {
    try {
      const url = new URL(u);
      return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || ['data:', 'about:', 'blob:'].includes(url.protocol);
    } catch { return false; }
  };
  await context.route((u) => !local(u.href), (route) => {
    external.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return { browser, context, external };
}
