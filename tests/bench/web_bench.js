// The browser benchmark, headless in Debian's Chromium: web/bench.html (WASM
// core against ONNX Runtime Web, side by side in one page), then index.html's
// time from navigation to its first translation, over a plain static server.
//
//   node web_bench.js REPO_ROOT [ROUNDS]        (needs tests/browser/node_modules)
'use strict';
const path = require('path');
const { launch } = require(path.join(__dirname, '../browser/chromium'));
const { serve } = require(path.join(__dirname, '../browser/serve'));

async function main() {
    const [repo, rounds = '20'] = process.argv.slice(2);
    if (!repo) {
        console.error('usage: node web_bench.js REPO_ROOT [ROUNDS]');
        process.exit(2);
    }
    const { server, url } = await serve(repo);
    const browser = await launch();
    try {
        const page = await browser.newPage();
        page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
        await page.goto(`${url}/web/bench.html?rounds=${rounds}`);
        await page.waitForFunction(() => window.benchResult, null, { timeout: 300000 });
        const r = await page.evaluate(() => window.benchResult);
        if (r.error) throw new Error(r.error);
        const pad = (s, n) => String(s).padEnd(n).slice(0, n);
        const num = (x) => x.toFixed(3).padStart(10);
        console.log(`${pad('request', 48)} ${'core int8'.padStart(10)} ${'core fp32'.padStart(10)} ${'ORT Web'.padStart(10)}  ORT/int8  same`);
        for (const x of r.rows)
            console.log(`${pad(x.request, 48)} ${num(x.core_int8_ms)} ${num(x.core_fp32_ms)} ${num(x.ort_ms)}  ${(x.ort_ms / x.core_int8_ms).toFixed(1).padStart(7)}x  ${x.same_command ? 'yes' : 'NO'}`);
        console.log(`${pad('mean (ms per request)', 48)} ${num(r.mean.core_int8_ms)} ${num(r.mean.core_fp32_ms)} ${num(r.mean.ort_ms)}`);
        console.log(`WASM core is ${r.ratio_int8.toFixed(1)}x (int8) and ${r.ratio_fp32.toFixed(1)}x (fp32) faster than ONNX Runtime Web per request ` +
                    `(goal: 3x); ONNX Runtime Web loaded in ${r.ort_load_ms.toFixed(0)} ms; ${r.rounds} rounds`);

        // first translation after a fresh load of the page (no cache: a new context)
        const context = await browser.newContext();
        const fresh = await context.newPage();
        await fresh.goto(`${url}/index.html`);
        await fresh.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
        const firstMs = Number(await fresh.getAttribute('body', 'data-first-ms'));
        const command = await fresh.textContent('[data-testid=command]');
        const marks = await fresh.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join(', '));
        console.log(`index.html: first command ("${command}") ${firstMs} ms after navigation (goal: within 1000 ms); ` +
                    `milliseconds since navigation: ${marks}`);
        await context.close();
        if (r.rows.some((x) => !x.same_command)) process.exitCode = 1;
    } finally {
        await browser.close();
        server.close();
    }
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
