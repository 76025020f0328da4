// index.html in Debian's headless Chromium, served by `cmdseq serve`:
//   - the first command appears, and typed requests give the CLI's commands and risk labels;
//   - backend "ort" (ONNX Runtime Web on the fp32 export) gives the fp32 CLI's commands;
//   - backend "both" on the fp32 model: the same command twice, parity <= 1e-4;
//   - a truncated model (file input) and a junk file dropped on the canvas show
//     the core's own error messages, and the page keeps translating with the previous model;
//   - an ONNX pair from another model is refused with a message, a damaged one
//     gives ONNX Runtime's own, and the core goes on translating;
//   - the studio canvas is not blank;
//   - the page also works from a plain static server.
// The page's screenshot is kept as a test artifact.
//
//   node page_check.js CMDSEQ_BINARY REPO_ROOT ARTIFACT_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { launch } = require('./chromium');
const { decodePng } = require('./png');

const [bin, repo, artifacts] = process.argv.slice(2);
if (!artifacts) {
    console.error('usage: node page_check.js CMDSEQ_BINARY REPO_ROOT ARTIFACT_DIR');
    process.exit(2);
}
let failures = 0;
function expect(ok, what) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures++;
}

const kRequests = ['show network interfaces', 'ping 10.41.7.3 five times', 'copy zqxwv.txt to /opt/blorp',
                   'show the last 30 lines of /var/log/frobnicate.log', 'delete every file in /tmp/cache',
                   // values glued into a word by <join>: the page's core must glue them as the CLI's
                   'give alice ownership of notes.txt and set its group to staff'];

// The CLI's --json answers (batch mode), with the built-in model or --model.
function cli(requests, model) {
    const args = ['--json', ...(model ? ['--model', path.join(repo, model)] : [])];
    return execFileSync(bin, args, { input: requests.join('\n') + '\n' }).toString().trim().split('\n').map((l) => JSON.parse(l));
}

// The core's message for a bad model file, as `cmdseq info` prints it ("cmdseq: " dropped).
function cliError(dir, name) {
    try {
        execFileSync(bin, ['info', name], { cwd: dir, stdio: 'pipe' });
    } catch (e) {
        return e.stderr.toString().trim().replace(/^cmdseq: /, '');
    }
    throw new Error(`cmdseq info accepted ${name}`);
}

function startServer() {
    return new Promise((resolve, reject) => {
        const server = spawn(bin, ['serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        server.stdout.on('data', (d) => {
            out += d;
            const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
            if (m) resolve({ server, url: `http://127.0.0.1:${m[1]}` });
        });
        server.on('exit', (code) => reject(new Error(`cmdseq serve exited (${code}) before listening`)));
    });
}

async function main() {
    const builtIn = cli(kRequests), fp32 = cli(kRequests, 'models/standard.cmdseq');
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cmdseq-page-'));
    fs.writeFileSync(path.join(scratch, 'broken.cmdseq'), fs.readFileSync(path.join(repo, 'models/tiny-int8.cmdseq')).subarray(0, 100000));
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251));
    fs.writeFileSync(path.join(scratch, 'junk.cmdseq'), junk);
    const brokenError = cliError(scratch, 'broken.cmdseq'), junkError = cliError(scratch, 'junk.cmdseq');

    const { server, url } = await startServer();
    const browser = await launch();
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
        const errors = [], offsite = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) offsite.push(r.url()); });
        await page.goto(`${url}/`);
        await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
        const firstMs = Number(await page.getAttribute('body', 'data-first-ms'));
        const text = (id) => page.textContent(`[data-testid="${id}"]`);
        expect((await text('model-name')) === 'standard-int8.cmdseq', 'the shipped int8 model is loaded at start');
        expect((await text('command')) === builtIn[0].command, `first command "${builtIn[0].command}" after ${firstMs} ms`);

        // Types a request and waits until `id` shows `want` (or times out and reports what it shows).
        async function ask(request, id, want, what) {
            await page.fill('[data-testid="request"]', request);
            await page.waitForFunction(([i, w]) => document.querySelector(`[data-testid="${i}"]`).textContent === w, [id, want], { timeout: 20000 })
                .catch(() => {});
            const got = await text(id);
            expect(got === want, `${what}: "${request}" -> "${got}"${got === want ? '' : ` (want "${want}", error "${await text('error')}")`}`);
        }

        const glued = builtIn[kRequests.length - 1];
        expect(glued.output_tokens.includes('<join>'), `the built-in model glues a value into a word: ${glued.output_tokens.join(' ')}`);
        for (let i = 0; i < kRequests.length; ++i) {
            await ask(kRequests[i], 'command', builtIn[i].command, 'core');
            expect((await text('risk')) === builtIn[i].risk, `  risk "${await text('risk')}" as the CLI's`);
        }

        // ONNX Runtime Web, fp32 export, against the fp32 CLI
        await page.selectOption('[data-testid="backend"]', 'ort');
        for (let i = 0; i < kRequests.length; ++i) await ask(kRequests[i], 'command', fp32[i].command, 'ort');
        const int8Parity = Number(await text('parity'));
        expect(int8Parity > 0 && int8Parity < 0.5, `int8 core against the fp32 ONNX export: largest logit difference ${int8Parity} (int8 rounding)`);

        // both, on the fp32 model: identical commands, logits within 1e-4
        await page.selectOption('[data-testid="model"]', { label: 'standard, fp32' });
        await page.waitForFunction(() => document.querySelector('[data-testid="model-name"]').textContent === 'standard.cmdseq');
        await page.selectOption('[data-testid="backend"]', 'both');
        for (let i = 0; i < kRequests.length; ++i) {
            await page.fill('[data-testid="request"]', '');
            await ask(kRequests[i], 'command-ort', fp32[i].command, 'both, ONNX Runtime');
            const core = await text('command'), parity = Number(await text('parity'));
            expect(core === fp32[i].command && parity <= 1e-4, `  both, core "${core}"; largest logit difference ${parity} <= 1e-4`);
        }

        // a truncated model through the file input: the core's message, the previous model kept
        await page.setInputFiles('[data-testid="model-file"]', path.join(scratch, 'broken.cmdseq'));
        await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent !== '', null, { timeout: 10000 }).catch(() => {});
        expect((await text('error')) === brokenError, `truncated file: "${await text('error')}" (the CLI says "${brokenError}")`);
        expect((await text('model-name')) === 'standard.cmdseq', '  the fp32 model stays loaded');
        await page.selectOption('[data-testid="backend"]', 'core');
        await ask(kRequests[1], 'command', fp32[1].command, '  and still translates');
        expect((await text('error')) === '', '  the error clears');

        // junk dropped on the canvas
        await page.evaluate((bytes) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], 'junk.cmdseq'));
            document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }, [...junk]);
        await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent !== '', null, { timeout: 10000 }).catch(() => {});
        expect((await text('error')) === junkError, `junk dropped on the canvas: "${await text('error')}" (the CLI says "${junkError}")`);
        await ask(kRequests[2], 'command', fp32[2].command, '  and still translates');

        // an ONNX pair exported from another model (tiny) while the core runs standard
        await page.setInputFiles('[data-testid="model-file"]', ['encoder.onnx', 'decoder.onnx', 'model_config.json'].map((f) => path.join(repo, 'models/onnx/tiny', f)));
        await page.selectOption('[data-testid="backend"]', 'ort');
        await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent !== '', null, { timeout: 20000 }).catch(() => {});
        expect((await text('error')).includes('was exported from another model: its vocabularies differ from the loaded model'),
               `tiny's ONNX pair with the standard model: "${await text('error')}"`);
        // with tiny's own .cmdseq beside it, it runs
        await page.setInputFiles('[data-testid="model-file"]', path.join(repo, 'models/tiny-int8.cmdseq'));
        const tiny = cli([kRequests[1]], 'models/tiny-int8.cmdseq')[0];
        await page.selectOption('[data-testid="backend"]', 'both');
        await ask(kRequests[1], 'command', tiny.command, 'tiny int8 loaded from disk');
        await page.waitForFunction(() => document.querySelector('[data-testid="parity"]').textContent !== '', null, { timeout: 20000 }).catch(() => {});
        expect((await text('error')) === '' && Number(await text('parity')) < 0.5, `  tiny's own pair runs beside it (largest logit difference ${await text('parity')})`);

        // a damaged ONNX pair: ONNX Runtime's refusal, and the page goes on with the core
        fs.writeFileSync(path.join(scratch, 'encoder.onnx'), junk);
        fs.copyFileSync(path.join(repo, 'models/onnx/tiny/decoder.onnx'), path.join(scratch, 'decoder.onnx'));
        await page.setInputFiles('[data-testid="model-file"]', ['encoder.onnx', 'decoder.onnx'].map((f) => path.join(scratch, f)));
        await page.waitForFunction(() => document.querySelector('[data-testid="error"]').textContent.startsWith('ONNX Runtime cannot load'), null, { timeout: 20000 })
            .catch(() => {});
        expect((await text('error')).startsWith('ONNX Runtime cannot load encoder.onnx + decoder.onnx:'), `a damaged encoder.onnx: "${(await text('error')).slice(0, 90)}..."`);
        await page.selectOption('[data-testid="backend"]', 'core');
        await ask(kRequests[3], 'command', cli([kRequests[3]], 'models/tiny-int8.cmdseq')[0].command, '  and the core still translates');

        // the studio canvas
        await page.waitForTimeout(500);
        fs.mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: path.join(artifacts, 'page-browser.png'), fullPage: true });
        const img = decodePng(await page.locator('#canvas').screenshot());
        const colours = new Set();
        let background = 0, samples = 0;
        const bg = img.pixel(2, img.height - 3);
        for (let y = 0; y < img.height; y += 3) for (let x = 0; x < img.width; x += 3, ++samples) {
            colours.add(img.pixel(x, y));
            if (img.pixel(x, y) === bg) background++;
        }
        expect(colours.size >= 20 && background < samples * 0.95, `the canvas is not blank (${colours.size} colours, ${(100 * (1 - background / samples)).toFixed(0)}% drawn)`);
        expect(errors.length === 0, `no page errors${errors.length ? ': ' + errors.join('; ') : ''}`);
        expect(offsite.length === 0, `no request leaves the server${offsite.length ? ': ' + offsite.join(', ') : ''}`);
        console.log(`screenshot: ${path.join(artifacts, 'page-browser.png')}`);
        // the same page from a plain static server (no cmdseq serve)
        const { serve } = require('./serve');
        const plain = await serve(repo);
        try {
            const staticPage = await browser.newPage();
            await staticPage.goto(`${plain.url}/index.html`);
            await staticPage.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
            const got = await staticPage.textContent('[data-testid="command"]');
            expect(got === builtIn[0].command, `from a plain static server: "${got}"`);
        } finally {
            plain.server.close();
        }
    } finally {
        await browser.close();
        server.kill('SIGINT');
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    console.log(failures ? `${failures} check(s) failed` : 'all page checks passed');
    process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(`page_check: ${e.stack || e}`); process.exit(1); });
