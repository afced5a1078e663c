// kartsite serve: live reload and the error overlay.
// Written into HTML responses by `kartsite serve` only; built sites never contain it.
// It talks only to the server that sent the page.
(function () {
  'use strict';
  // The server writes this script into the page (no request of its own),
  // with the site generation and server instance the page was served with.
  var script = document.currentScript;
  var generation = Number(script.getAttribute('data-generation'));
  var instance = script.getAttribute('data-instance');
  // The overlay's words, in the language of kartsite's messages.
  var T = { lang: 'en', title_one: 'kartsite: 1 error, the site was not rebuilt',
    title_many: 'kartsite: {n} errors, the site was not rebuilt',
    intro: 'This page shows the last good version. Fix the file and save: this message goes away by itself.',
    hint: 'hint', hide: 'Hide until the next rebuild' };
  try { var given = JSON.parse(script.getAttribute('data-texts')); if (given) T = given; } catch (e) { /* keep English */ }
  var here = siteUrl(location.pathname);
  var scrollKey = 'kartsite-scroll:' + location.pathname;

  // The site URL of a path: "/a/" is "a/index.html".
  function siteUrl(pathname) {
    var p = pathname;
    try { p = decodeURIComponent(pathname); } catch (e) { /* keep it as it is */ }
    p = p.replace(/^\/+/, '');
    if (p === '' || p.charAt(p.length - 1) === '/') p += 'index.html';
    return p;
  }

  // After a reload we asked for, go back to where the reader was.
  var saved = null;
  try { saved = sessionStorage.getItem(scrollKey); sessionStorage.removeItem(scrollKey); } catch (e) { /* no storage */ }
  if (saved !== null) {
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === 'complete') restore(); else window.addEventListener('load', restore);
  }

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) { /* no storage */ }
    location.reload();
  }

  // A page reloads when it changed or went away, or when any file that is
  // not a page changed (a stylesheet, an image). The search index (read
  // when searching) and CSV downloads do not change what a page shows.
  function touchesThisPage(m) {
    var urls = m.changed.concat(m.removed);
    for (var i = 0; i < urls.length; i++) {
      if (urls[i] === here) return true;
      if (/\.html$|\.csv$|^search-index\.js$/.test(urls[i])) continue;
      return true;
    }
    return false;
  }

  var host = null;
  var STYLE = [
    ':host { all: initial; }',
    '.panel { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; max-height: 60vh;',
    '  overflow: auto; box-sizing: border-box; padding: 1rem 1.25rem; background: #fff; color: #1a1a1a;',
    '  border-top: 6px solid #b00020; box-shadow: 0 -4px 16px rgba(0,0,0,.25);',
    '  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }',
    'h2 { margin: 0 0 .25rem; font-size: 1.2rem; color: #b00020; }',
    'p { margin: .25rem 0; }',
    'ol { margin: .5rem 0; padding-left: 1.5rem; }',
    'li { margin: .5rem 0; }',
    'code { font: .95em/1.4 ui-monospace, Menlo, Consolas, monospace; background: #f3f3f3; padding: 0 .25em;',
    '  overflow-wrap: anywhere; }',
    '.hint { color: #333; }',
    'button { font: inherit; margin-top: .5rem; padding: .25rem .75rem; border: 2px solid #1a1a1a;',
    '  background: #fff; color: #1a1a1a; border-radius: 4px; cursor: pointer; }',
    'button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }'
  ].join('\n');

  function el(name, text, cls) {
    var e = document.createElement(name);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // Show `errors` over the page, or remove the overlay when there are none.
  function showErrors(errors) {
    if (!errors || errors.length === 0) {
      if (host) { host.remove(); host = null; }
      return;
    }
    if (!host) {
      host = document.createElement('div');
      host.id = 'kartsite-overlay';
      host.setAttribute('lang', T.lang);
      host.attachShadow({ mode: 'open' });
      (document.body || document.documentElement).appendChild(host);
    }
    var root = host.shadowRoot;
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(el('style', STYLE));
    var panel = el('section', undefined, 'panel');
    panel.setAttribute('role', 'alert');
    panel.setAttribute('aria-labelledby', 'kartsite-error-title');
    var title = el('h2', errors.length === 1
      ? T.title_one
      : T.title_many.replace('{n}', String(errors.length)));
    title.id = 'kartsite-error-title';
    panel.appendChild(title);
    panel.appendChild(el('p', T.intro));
    var list = el('ol');
    errors.forEach(function (e) {
      var item = el('li');
      item.appendChild(el('code', e.location, 'location'));
      item.appendChild(el('p', e.message, 'message'));
      if (e.hint) item.appendChild(el('p', T.hint + ': ' + e.hint, 'hint'));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var hide = el('button', T.hide);
    hide.type = 'button';
    hide.addEventListener('click', function () { showErrors([]); });
    panel.appendChild(hide);
    root.appendChild(panel);
  }

  var retry = 250;
  function connect() {
    var proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(proto + location.host + '/__kartsite/livereload?g=' + generation);
    ws.onopen = function () { retry = 250; };
    ws.onmessage = function (event) {
      var m;
      try { m = JSON.parse(event.data); } catch (e) { return; }
      if (m.type === 'hello') {
        // A restarted server: the page may be old. A rebuild between loading
        // and connecting: the server says what it changed (`since`, null when
        // it no longer knows), and the page reloads only if that touches it.
        if (m.instance !== instance) { reload(); return; }
        if (m.generation !== generation) {
          if (!m.since || touchesThisPage(m.since)) { reload(); return; }
          generation = m.generation;
        }
        showErrors(m.errors);
      } else if (m.type === 'reload') {
        if (touchesThisPage(m)) { reload(); return; }
        generation = m.generation;
        showErrors([]);
      } else if (m.type === 'errors') {
        showErrors(m.errors);
      }
    };
    ws.onclose = function () {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 2000);
    };
  }
  connect();
})();
