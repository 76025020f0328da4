// The browser studio in headless Chromium (Debian's, WebGL2 through SwiftShader):
// load index.html (the studio's canvas under the page's request box; the
// shipped int8 model), type a request, and check
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
const { launch } = require('./chromium');
const { serve } = require('./serve');
const { decodePng } = require('./png');

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

(async () => {
  const js = path.join(repo, wasmDir, 'cmdseq-studio.js'), wasm = path.join(repo, wasmDir, 'cmdseq-studio.wasm');
  const bytes = fs.statSync(js).size + fs.statSync(wasm).size;
  console.log(`studio size: cmdseq-studio.js ${fs.statSync(js).size} B + cmdseq-studio.wasm ${fs.statSync(wasm).size} B = ${(bytes / 1e6).toFixed(2)} MB`);
  expect(bytes <= 1.5e6, 'studio WASM + JS within 1.5 MB');

  const { server, url } = await serve(repo);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 940 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`${url}/index.html`);
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
