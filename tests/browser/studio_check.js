// The browser studio in headless Chromium (Debian's, WebGL2 through SwiftShader):
// load wasm/studio.html with the shipped model, type a request, and check
//   - the command equals the native CLI's,
//   - the heatmap the studio reports has the CLI's steps x request tokens,
//   - the canvas is not blank (many colours overall, several inside the heatmap),
//   - cmdseq-studio.js + .wasm stay within 1.5 MB (printed).
// The screenshot is kept as a test artifact.
//
//   node studio_check.js REPO_ROOT WASM_DIR_FROM_ROOT CLI_EXPLAIN.json ARTIFACT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { chromium } = require('playwright-core');
const { serve } = require('./serve');

const [repo, wasmDir, cliJson, artifacts] = process.argv.slice(2);
if (!artifacts) {
  console.error('usage: node studio_check.js REPO_ROOT WASM_DIR_FROM_ROOT CLI_EXPLAIN.json ARTIFACT_DIR');
  process.exit(2);
}
const cli = JSON.parse(fs.readFileSync(cliJson, 'utf8'));
let failures = 0;
function expect(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// Decodes an 8-bit RGB/RGBA PNG (what Chromium's screenshots are).
function decodePng(buf) {
  let pos = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('ascii', pos + 4, pos + 8), data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unsupported PNG');
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (!channels) throw new Error('unsupported PNG colour type');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), cur = Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      let x = line[i];
      if (filter === 1) x += a;
      else if (filter === 2) x += b;
      else if (filter === 3) x += (a + b) >> 1;
      else if (filter === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); x += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      cur[i] = x & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = cur[x * channels + k];
      out[(y * width + x) * 4 + 3] = channels === 4 ? cur[x * channels + 3] : 255;
    }
    prev = cur;
  }
  return { width, height, pixel: (x, y) => out.readUInt32BE((y * width + x) * 4) };
}

(async () => {
  const js = path.join(repo, wasmDir, 'cmdseq-studio.js'), wasm = path.join(repo, wasmDir, 'cmdseq-studio.wasm');
  const bytes = fs.statSync(js).size + fs.statSync(wasm).size;
  console.log(`studio size: cmdseq-studio.js ${fs.statSync(js).size} B + cmdseq-studio.wasm ${fs.statSync(wasm).size} B = ${(bytes / 1e6).toFixed(2)} MB`);
  expect(bytes <= 1.5e6, 'studio WASM + JS within 1.5 MB');

  const { server, url } = await serve(repo);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 940 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`${url}/${wasmDir}/studio.html?model=/models/standard-int8.cmdseq`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
    await page.fill('[data-testid="request"]', '');
    await page.type('[data-testid="request"]', cli.input);
    await page.waitForFunction((want) => document.querySelector('[data-testid="command"]').textContent === want, cli.command, { timeout: 10000 })
      .catch(() => {});
    const command = await page.textContent('[data-testid="command"]');
    expect(command === cli.command, `browser command '${command}' == native '${cli.command}'`);
    expect((await page.textContent('[data-testid="error"]')) === '', 'no error shown');

    // let a few frames render, then look at the canvas
    await page.waitForTimeout(500);
    const layout = JSON.parse(await page.evaluate(() => Module.ccall('studio_layout', 'string', [], [])));
    expect(layout.heatmap.rows === cli.trace.length && layout.heatmap.cols === cli.source_tokens.length,
      `heatmap ${layout.heatmap.rows} x ${layout.heatmap.cols} == ${cli.trace.length} steps x ${cli.source_tokens.length} tokens`);
    fs.mkdirSync(artifacts, { recursive: true });
    const shotPath = path.join(artifacts, 'studio-browser.png');
    const shot = await page.locator('#canvas').screenshot({ path: shotPath });
    const img = decodePng(shot);
    const all = new Set(), inside = new Set();
    for (let y = 0; y < img.height; y += 3) for (let x = 0; x < img.width; x += 3) all.add(img.pixel(x, y));
    const h = layout.heatmap;  // framebuffer pixels; the screenshot is the canvas at device scale 1
    for (let y = Math.ceil(h.y); y < h.y + h.h && y < img.height; y += 2)
      for (let x = Math.ceil(h.x); x < h.x + h.w && x < img.width; x += 2) inside.add(img.pixel(x, y));
    expect(all.size >= 20, `canvas is not blank (${all.size} colours)`);
    expect(inside.size >= 3, `heatmap region is drawn (${inside.size} colours)`);
    expect(errors.length === 0, `no page errors${errors.length ? ': ' + errors.join('; ') : ''}`);
    console.log(`screenshot: ${shotPath}`);
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.error(`studio_check: ${e.stack || e}`);
  process.exit(1);
});
