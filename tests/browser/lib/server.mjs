// Tiny static file server for a built site: 127.0.0.1, ephemeral port, GET/HEAD only.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Start serving `root`. Resolves to { origin, port, close() }.
 * Directory requests serve index.html (redirecting to add a trailing slash first);
 * anything outside `root` or missing is a 404.
 */
export function startServer(root, { notFoundPage = null } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'text/plain; charset=utf-8', 'bad request\n');
    }
    if (pathname.includes('\0')) return send(400, 'text/plain; charset=utf-8', 'bad request\n');
    let file = path.join(base, pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      return send(404, 'text/plain; charset=utf-8', 'not found\n');
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          const u = new URL(req.url, 'http://127.0.0.1');
          return send(301, 'text/plain; charset=utf-8', 'moved\n', { Location: u.pathname + '/' + u.search });
        }
        file = path.join(file, 'index.html');
        return fs.stat(file, (err2, st2) => serveFile(err2, st2));
      }
      serveFile(err, st);
    });
    function serveFile(err, st) {
      if (err || !st.isFile()) {
        // Like a web server with `error_page 404 /404.html`: the site's page, status 404.
        if (notFoundPage) {
          const page = path.join(base, notFoundPage);
          if (fs.existsSync(page)) return send(404, 'text/html; charset=utf-8', fs.readFileSync(page));
        }
        return send(404, 'text/plain; charset=utf-8', 'not found\n');
      }
      res.writeHead(200, {
        'Content-Type': contentTypeFor(file),
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
