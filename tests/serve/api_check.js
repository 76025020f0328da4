// cmdseq serve's HTTP API, end to end: starts the server on a free loopback
// port and checks good requests against the CLI's own answers, malformed
// JSON, bad fields, an oversized body, wrong methods, unknown paths, the web
// app's files (and nothing else), 50 concurrent requests, and a clean exit on
// SIGINT.
//
//   node api_check.js CMDSEQ_BINARY REQUESTS.txt
'use strict';
const { execFileSync } = require('child_process');
const { checker, startServer } = require('./harness');
const http = require('http');
const fs = require('fs');

const [bin, requestsFile] = process.argv.slice(2);
if (!requestsFile) {
    console.error('usage: node api_check.js CMDSEQ_BINARY REQUESTS.txt');
    process.exit(2);
}
const { expect, failures } = checker();

// One HTTP exchange: resolves { status, headers, body, json }.
function request(base, method, path, body, headers = {}, agent = false) {
    return new Promise((resolve, reject) => {
        let answered = false;
        const req = http.request(base + path, { method, headers, agent }, (res) => {
            answered = true;
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json = null;
                try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
                resolve({ status: res.statusCode, headers: res.headers, body: text, json });
            });
        });
        // a server that refuses a body answers and closes before reading it all:
        // the client's write then fails, but the answer may still come
        req.on('error', (e) => setTimeout(() => { if (!answered) reject(e); }, 300));
        // with a Content-Length, headers and body leave together; without,
        // the body goes as a chunk of its own (chunked encoding)
        if (body !== undefined && headers['Content-Length'] !== undefined) req.end(body);
        else {
            if (body !== undefined) req.write(body);
            req.end();
        }
    });
}
const post = (base, body, agent = false) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return request(base, 'POST', '/translate', text, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }, agent);
};

// The CLI's --json answers for these requests (batch mode: one per line).
function cliAnswers(requests, extra = []) {
    const out = execFileSync(bin, ['--json', ...extra], { input: requests.join('\n') + '\n' }).toString();
    return out.trim().split('\n').map((l) => JSON.parse(l));
}


async function main() {
    const requests = fs.readFileSync(requestsFile, 'utf8').split('\n').filter((l) => l.trim());
    const { server, base, stderr } = await startServer(bin);
    try {
        // a second server on the same port is refused
        const port = base.split(':').pop();
        let second = '';
        try {
            execFileSync(bin, ['serve', '--port', port], { stdio: 'pipe', timeout: 5000 });
        } catch (e) {
            second = `${e.status} ${e.stderr}`.trim();
        }
        expect(second === `2 cmdseq serve: cannot listen on 127.0.0.1:${port} (in use, or not an address of this machine)`,
               'a second server on the same port: exit 2, in use', second);

        // health and model
        const health = await request(base, 'GET', '/health');
        expect(health.status === 200 && health.json.status === 'ok' && health.json.model === 'built-in', 'GET /health: 200, ok, the built-in model', health.body);
        const model = await request(base, 'GET', '/model');
        const info = JSON.parse(execFileSync(bin, ['info', '--json']).toString());
        expect(model.status === 200 && JSON.stringify(model.json) === JSON.stringify(info), 'GET /model equals cmdseq info --json', model.body);

        // good requests equal the CLI's answers
        const want = cliAnswers(requests);
        for (let i = 0; i < 3; ++i) {
            const r = await post(base, { text: requests[i] });
            expect(r.status === 200 && r.json.command === want[i].command && r.json.risk === want[i].risk &&
                   JSON.stringify(r.json.output_tokens) === JSON.stringify(want[i].output_tokens),
                   `POST /translate "${requests[i]}" -> ${want[i].command} (as the CLI)`, r.body);
            expect(r.headers['content-type'] === 'application/json', 'answers are application/json', r.headers['content-type']);
        }
        const traced = await post(base, { text: 'ping 10.41.7.3 five times', trace: true, top: 4 });
        expect(traced.status === 200 && traced.json.command === 'ping -c 5 10.41.7.3', 'trace: the command', traced.body);
        expect(traced.json.trace && traced.json.trace.length === traced.json.output_tokens.length + 1 &&
               traced.json.trace.every((s) => s.candidates.length === 4 && s.attention.length === traced.json.source_tokens.length),
               'trace: one step per token and </s>, 4 candidates, attention over every request token', traced.json.trace && traced.json.trace[0]);
        const noTrace = await post(base, { text: 'ping 10.41.7.3 five times' });
        expect(!('trace' in noTrace.json), 'no trace unless asked');
        const beamWant = cliAnswers(['show disk usage'], ['--beam', '4', '--nbest', '3'])[0];
        const beam = await post(base, { text: 'show disk usage', strategy: 'beam', beam_width: 4, nbest: 3 });
        expect(beam.status === 200 && JSON.stringify(beam.json.nbest.map((n) => n.command)) === JSON.stringify(beamWant.nbest.map((n) => n.command)),
               'beam 4, nbest 3: the CLI\'s three commands', beam.body);
        const sampleWant = cliAnswers(['show disk usage'], ['--sample', '--temperature', '1.5', '--seed', '9'])[0];
        const sample = await post(base, { text: 'show disk usage', strategy: 'sample', temperature: 1.5, seed: 9 });
        expect(sample.status === 200 && sample.json.command === sampleWant.command, `sampling with seed 9: the CLI's ${sampleWant.command}`, sample.body);

        // bad requests: status and message
        const bad = async (what, body, status, message) => {
            const r = await post(base, body);
            expect(r.status === status && r.json && r.json.status === status && r.json.error.includes(message),
                   `${what}: ${status} "${message}"`, r.body);
        };
        await bad('malformed JSON', '{"text": "ls', 400, 'the body is not JSON');
        await bad('empty body', '', 400, 'the body is not JSON');
        await bad('not an object', '["ls"]', 400, 'the body must be a JSON object with "text"');
        await bad('no text', { strategy: 'beam' }, 400, '"text" (a string) is required');
        await bad('text not a string', { text: 42 }, 400, '"text" (a string) is required');
        await bad('unknown field', { text: 'ls', beam_widht: 3 }, 400, 'unknown field "beam_widht"');
        await bad('bad strategy', { text: 'ls', strategy: 'best' }, 400, '"strategy" must be "greedy", "beam" or "sample", got "best"');
        await bad('wrong type', { text: 'ls', temperature: 'hot' }, 400, '"temperature" must be a number');
        await bad('out of range', { text: 'ls', strategy: 'beam', beam_width: 100 }, 400, 'beam width must be between 1 and 64, got 100');
        await bad('negative seed', { text: 'ls', seed: -1 }, 400, '"seed" must be a non-negative integer');
        await bad('empty request', { text: '   ' }, 422, 'the request is empty');
        await bad('odd bytes', '{"text": "\\u0000\\u0001 ls \\ud800"}', 400, 'the body is not JSON');
        // oversized: with a Content-Length, and chunked (the length known only while reading)
        const bigBody = JSON.stringify({ text: 'a '.repeat(40000) });
        const big = await request(base, 'POST', '/translate', bigBody, { 'Content-Length': Buffer.byteLength(bigBody) });
        expect(big.status === 413 && big.json && big.json.error === 'the body is larger than 64 KiB', 'an 80 KB body: 413, JSON error', big.body);
        const chunked = await request(base, 'POST', '/translate', JSON.stringify({ text: 'a '.repeat(100000) }));
        expect(chunked.status === 413 && chunked.json && chunked.json.error === 'the body is larger than 64 KiB', 'a 200 KB chunked body: 413, JSON error', chunked.body);
        await bad('a 32 KB request', { text: 'show disk usage '.repeat(2000) }, 422, 'request is 32000 bytes; the limit is 4096');
        const long = await post(base, { text: 'show free memory '.repeat(200) });
        expect(long.status === 200 && long.json.command === 'free -g' && long.json.warnings.some((w) => w.includes('only its first 128 tokens were read (472 dropped)')),
               'a 600-word request: translated from its first 128 tokens, with a warning', long.body);

        // methods and paths
        const get = await request(base, 'GET', '/translate');
        expect(get.status === 405 && get.headers.allow === 'POST' && get.json.error === 'GET is not allowed on /translate (use POST)', 'GET /translate: 405, Allow: POST', get.body);
        const del = await request(base, 'DELETE', '/health');
        expect(del.status === 405 && del.headers.allow === 'GET', 'DELETE /health: 405, Allow: GET', del.body);
        const missing = await request(base, 'GET', '/nothing-here');
        expect(missing.status === 404 && missing.json && missing.json.error.startsWith('no such resource'), 'unknown path: 404, JSON error', missing.body);

        // the web app, and only its folders
        const index = await request(base, 'GET', '/index.html');
        expect(index.status === 200 && index.headers['content-type'].startsWith('text/html') && index.body.includes('data-testid="request"'), 'GET /index.html: the page');
        const root = await request(base, 'GET', '/');
        expect(root.status === 302 && root.headers.location === '/index.html', 'GET /: redirect to /index.html', root.status);
        const script = await request(base, 'GET', '/web/app.js', undefined, { 'Accept-Encoding': 'gzip, deflate, br' });
        expect(script.status === 200 && !script.headers['content-encoding'] && script.headers['content-type'] === 'text/javascript',
               `GET /web/app.js: text/javascript, not compressed (${script.headers['content-encoding'] || 'identity'})`, script.headers);
        const modelFile = await request(base, 'GET', '/models/tiny-int8.cmdseq');
        expect(modelFile.status === 200 && modelFile.headers['content-type'] === 'application/octet-stream', 'GET /models/tiny-int8.cmdseq: 200', modelFile.status);
        for (const path of ['/.git/config', '/README.md', '/models/../README.md', '/web/../CMakeLists.txt', '/web/%2e%2e/CMakeLists.txt']) {
            const r = await request(base, 'GET', path);
            expect(r.status === 404 || r.status === 400, `GET ${path}: refused (${r.status})`, r.body.slice(0, 80));
        }

        // 50 at once over 16 connections (the most one address may hold),
        // each answered with its own request's command
        const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
        const many = [];
        for (let i = 0; i < 50; ++i) many.push(`${requests[i % requests.length]}`.replace(/\d+/, (n) => String(Number(n) + i)));
        const cli = cliAnswers(many);
        const t0 = Date.now();
        const answers = await Promise.all(many.map((text) => post(base, { text }, agent)));
        agent.destroy();
        const ms = Date.now() - t0;
        const right = answers.filter((r, i) => r.status === 200 && r.json.input === many[i] && r.json.command === cli[i].command).length;
        expect(right === 50, `50 concurrent requests over 16 connections: ${right} answered with their own command (as the CLI) in ${ms} ms`,
               answers.find((r, i) => !(r.status === 200 && r.json.command === cli[i].command)));
    } finally {
        const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
        server.kill('SIGINT');
        const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 3000));
        const ended = await Promise.race([exited, timeout]);
        expect(ended && ended.code === 0, 'SIGINT: the server stops and exits 0', ended);
        if (!ended) server.kill('SIGKILL');
        const log = stderr();
        if (log.trim()) console.log(`server stderr:\n${log.slice(0, 2000)}`);
    }
    console.log(failures() ? `${failures()} check(s) failed` : 'all API checks passed');
    process.exit(failures() ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || e); process.exit(1); });
