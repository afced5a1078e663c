// Unit tests of the static server used by the browser checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';

function get(origin, rawPath) {
  return new Promise((resolve, reject) => {
    http.get(origin + rawPath, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], location: res.headers.location, body }));
    }).on('error', reject);
  });
}

test('serves a site with the right content types, only from its root', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kartsite-srv-'));
  try {
    fs.mkdirSync(path.join(root, 'a'));
    fs.mkdirSync(path.join(root, 'd e'));
    const files = {
      'index.html': ['text/html; charset=utf-8', '<!doctype html><title>x</title>'],
      'a/index.html': ['text/html; charset=utf-8', 'a'],
      'style.css': ['text/css; charset=utf-8', 'body{}'],
      'app.js': ['text/javascript; charset=utf-8', '1'],
      'map.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
      'data.csv': ['text/csv; charset=utf-8', 'a,b\n1,2\n'],
      'data.json': ['application/json', '{}'],
      'pic.png': ['image/png', '\x89PNG'],
      'd e/ö.html': ['text/html; charset=utf-8', 'ö'],
    };
    for (const [f, [, body]] of Object.entries(files)) fs.writeFileSync(path.join(root, f), body);
    const srv = await startServer(root);
    try {
      assert.match(srv.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      for (const [f, [type, body]] of Object.entries(files)) {
        const r = await get(srv.origin, '/' + f.split('/').map(encodeURIComponent).join('/'));
        assert.equal(r.status, 200, f);
        assert.equal(r.type, type, f);
        assert.equal(r.body.length > 0, body.length > 0, f);
      }
      assert.equal((await get(srv.origin, '/')).type, 'text/html; charset=utf-8');
      const redirect = await get(srv.origin, '/a');
      assert.equal(redirect.status, 301);
      assert.equal(redirect.location, '/a/');
      assert.equal((await get(srv.origin, '/a/')).body, 'a');
      assert.equal((await get(srv.origin, '/missing.html')).status, 404);
      assert.equal((await get(srv.origin, '/%2e%2e/%2e%2e/etc/passwd')).status, 404);
      assert.equal((await get(srv.origin, '/..%2f..%2fetc%2fpasswd')).status, 404);
    } finally {
      await srv.close();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
