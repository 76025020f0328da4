// A static file server for the browser tests: files under ROOT only, the
// right MIME types for WASM, loopback only, no caching.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml',
};

// Resolves with { server, url } once listening on a free port.
function serve(root) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    let file;
    try {
      file = path.resolve(root, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    } catch (e) {
      res.writeHead(400).end('bad path');
      return;
    }
    if (file !== root && !file.startsWith(root + path.sep)) return res.writeHead(403).end('outside the root');
    fs.readFile(file, (err, data) => {
      if (err) return res.writeHead(404).end('not found');
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

module.exports = { serve };
