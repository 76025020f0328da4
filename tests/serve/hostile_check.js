// cmdseq serve against hostile clients, on loopback only: bad bytes in every
// part of a request, out-of-range values, paths that try to leave the served
// folders, request smuggling, and slow or idle connections by the hundred.
// After each attack the server must still answer, and answer others fast.
//
//   node hostile_check.js CMDSEQ_BINARY SCRATCH_DIR
//
// The attacks come from 127.0.0.2 and 127.0.0.3 (every 127/8 address is this
// machine's loopback); the well-behaved client is 127.0.0.1. Every wait is
// bounded: the whole check takes about 30 s.
'use strict';
const { execFileSync } = require('child_process');
const { checker, startServer } = require('./harness');
const net = require('net');
const fs = require('fs');
const path = require('path');

const [bin, scratch] = process.argv.slice(2);
if (!scratch) {
    console.error('usage: node hostile_check.js CMDSEQ_BINARY SCRATCH_DIR');
    process.exit(2);
}
const { expect, failures } = checker();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


// Sends raw bytes on a fresh connection and reads until the server closes it
// (or `ms` pass): { status, headers (lower-case names), body, ms, closed }.
function raw(port, bytes, { from = '127.0.0.1', ms = 3000 } = {}) {
    return new Promise((resolve) => {
        const t0 = Date.now();
        const chunks = [];
        let done = false;
        const sock = net.connect({ host: '127.0.0.1', port, localAddress: from });
        const finish = (closed) => {
            if (done) return;
            done = true;
            sock.destroy();
            const text = Buffer.concat(chunks).toString('latin1');
            const head = text.split('\r\n\r\n')[0];
            const m = head.match(/^HTTP\/1\.[01] (\d{3})/);
            const headers = {};
            for (const line of head.split('\r\n').slice(1)) {
                const i = line.indexOf(':');
                if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
            }
            const body = Buffer.from(text.slice(head.length + 4), 'latin1').toString('utf8');
            let json = null;
            try { json = JSON.parse(body); } catch (e) { /* not JSON */ }
            resolve({ status: m ? Number(m[1]) : 0, headers, body, json, ms: Date.now() - t0, closed });
        };
        sock.on('connect', () => sock.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1')));
        sock.on('data', (d) => chunks.push(d));
        sock.on('end', () => finish(true));
        sock.on('close', () => finish(true));
        sock.on('error', () => finish(true));
        setTimeout(() => finish(false), ms);
    });
}
const get = (port, p, opts) => raw(port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, opts);
const post = (port, body, extra = '', opts) => {
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const head = `POST /translate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n${extra}\r\n`;
    return raw(port, Buffer.concat([Buffer.from(head, 'latin1'), b]), opts);
};
async function healthy(port, after) {
    const h = await get(port, '/health');
    expect(h.status === 200 && h.json && h.json.status === 'ok', `after ${after}: GET /health still 200 ok`, h.body || h.status);
}

async function badBytes(port) {
    const cases = [
        ['a path with %ff', `GET /%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 404],
        ['a raw 0xff byte in the path', `GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 404],
        ['an overlong-encoded "../"', `GET /web/%c0%ae%c0%ae/CMakeLists.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 404],
        ['control bytes in the path', `GET /%01%1b[31m%7f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 404],
        ['a 0xff byte in the method', `G\xffT /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
        ['a NUL in the method', `GE\x00T /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
        ['a request line of binary', `\x00\x01\x02\xff\r\n\r\n`, 400],
        ['bad bytes in a header value', `GET /health HTTP/1.1\r\nHost: x\r\nX-Odd: \xff\xfe\x80\r\nConnection: close\r\n\r\n`, 200],
        ['bad bytes in a header name', `GET /health HTTP/1.1\r\nHost: x\r\nX-\xff\xfe: 1\r\nConnection: close\r\n\r\n`, 200],
        ['bad bytes in the query', `GET /health?%ff=%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 200],
        ['bad bytes in a 405\'s method', `DELETE /translate%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 404],
    ];
    for (const [what, bytes, status] of cases) {
        const r = await raw(port, bytes);
        const jsonOk = status === 200 || (r.json && r.json.status === status && typeof r.json.error === 'string');
        // a malformed request ends its connection: the rest is not read as more requests
        const closedOk = status !== 400 || (r.closed && (r.body.match(/HTTP\/1\.1/g) || []).length === 0);
        expect(r.status === status && jsonOk && closedOk, `${what}: ${status}${status === 200 ? '' : ' with a JSON error'}${status === 400 ? ', one answer, closed' : ''}`,
               `${r.status} ${r.body}`);
    }
    const body = await post(port, Buffer.concat([Buffer.from('{"text":"list '), Buffer.from([0xff]), Buffer.from(' files"}')]));
    expect(body.status === 400 && body.json && body.json.error === '"text" is not valid UTF-8', 'a 0xff byte in "text": 400 naming the field', body.body);
    const strat = await post(port, Buffer.concat([Buffer.from('{"text":"ls","strategy":"'), Buffer.from([0xc0, 0xae]), Buffer.from('"}')]));
    expect(strat.status === 400 && strat.json && strat.json.error === '"strategy" is not valid UTF-8', 'an overlong byte pair in "strategy": 400 naming the field', strat.body);
    const key = await post(port, Buffer.concat([Buffer.from('{"text":"ls","'), Buffer.from([0xfe]), Buffer.from('":1}')]));
    expect(key.status === 400 && key.json && key.json.error === 'the body is not valid UTF-8', 'a bad byte in a field name: 400', key.body);
    await healthy(port, 'bad bytes in path, method, headers and body');
}

async function statuses(port) {
    const inf = await post(port, '{"text":"ls","temperature":1e400}');
    expect(inf.status === 400 && inf.json && inf.json.error === '"temperature" is out of range', 'temperature 1e400 (past a double): 400 naming it', inf.body);
    const big = await post(port, '{"text":"ls","strategy":"sample","temperature":1e39}');
    expect(big.status === 400 && big.json && big.json.error === '"temperature" is out of range', 'temperature 1e39 (past a float): 400 naming it', big.body);
    const hot = await post(port, '{"text":"ls","strategy":"sample","temperature":101}');
    expect(hot.status === 400 && hot.json && hot.json.error === 'temperature must be between 0 and 100, got 101.000000', 'temperature 101: the CLI\'s bound', hot.body);
    const greedy = JSON.parse(execFileSync(bin, ['--json', 'list the files here']).toString());
    for (const t of ['1e-45', '1e-38', '1e-5']) {
        const cold = await post(port, `{"text":"list the files here","strategy":"sample","temperature":${t},"seed":3}`);
        expect(cold.status === 200 && cold.json.command === greedy.command, `sampling at temperature ${t}: greedy's ${greedy.command}`, cold.body);
    }
    await healthy(port, 'out-of-range values');
}

async function smuggling(port) {
    const body = '{"text":"ls"}';
    const both = await raw(port, `POST /translate HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
    expect(both.status === 400 && both.json && both.json.error === 'both Content-Length and Transfer-Encoding' && both.closed,
           'Content-Length and Transfer-Encoding: 400, connection closed', both.body);
    const two = await raw(port, `POST /translate HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nContent-Length: 5\r\n\r\n${body}`);
    expect(two.status === 400 && two.json && two.json.error === 'two different Content-Length headers' && two.closed,
           'two different Content-Length headers: 400, connection closed', two.body);
    const same = await raw(port, `POST /translate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const want = JSON.parse(execFileSync(bin, ['--json', 'ls']).toString()).command;
    expect(same.status === 200 && same.json && same.json.command === want, `the same Content-Length twice: answered (${want})`, same.body);
}

async function staticFiles() {
    // a served tree of our own, with links pointing in and out
    const root = path.join(scratch, 'root');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(path.join(root, 'web', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(root, 'models'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(root, 'web', 'app.js'), 'console.log(1);\n');
    fs.writeFileSync(path.join(scratch, 'secret.txt'), 'outside the root\n');
    fs.symlinkSync('../../secret.txt', path.join(root, 'web', 'leak.txt'));
    fs.symlinkSync(scratch, path.join(root, 'models', 'up'));
    fs.symlinkSync('app.js', path.join(root, 'web', 'alias.js'));
    fs.symlinkSync('..', path.join(root, 'web', 'sub', 'parent'));
    const { server, port } = await startServer(bin, ['--root', root]);
    try {
        const nul = await get(port, '/web/app.js%00.png');
        expect(nul.status === 400 && nul.json && nul.json.error === 'the path holds a NUL byte', '/web/app.js%00.png: 400, not app.js as an image', `${nul.status} ${nul.headers['content-type']}`);
        const leak = await get(port, '/web/leak.txt');
        expect(leak.status === 403 && !leak.body.includes('outside the root'), 'a symlink out of web/: 403', `${leak.status} ${leak.body}`);
        const up = await get(port, '/models/up/secret.txt');
        expect(up.status === 403 && !up.body.includes('outside the root'), 'a linked folder out of models/: 403', `${up.status} ${up.body}`);
        const parent = await get(port, '/web/sub/parent/app.js');
        expect(parent.status === 200 && parent.body === 'console.log(1);\n', 'a link that stays inside web/: served', `${parent.status} ${parent.body}`);
        const alias = await get(port, '/web/alias.js');
        expect(alias.status === 200 && alias.body === 'console.log(1);\n', 'a link to a file beside it: served', `${alias.status} ${alias.body}`);
        for (const p of ['/web/../index.html', '/web/%2e%2e/index.html', '/models/..%2findex.html', '/web/sub/parent/../../index.html']) {
            const r = await get(port, p);
            expect([400, 403, 404].includes(r.status) && !r.body.includes('<title>t</title>'), `${p} (sent as is): refused (${r.status})`, r.body);
        }
        const plain = await get(port, '/web/app.js');
        expect(plain.status === 200 && plain.headers['content-type'] === 'text/javascript', 'a plain file: served as text/javascript', plain.headers);
    } finally {
        server.kill('SIGKILL');
    }
}

// One connection that sends a byte every `everyMs` (and never finishes its request).
function drip(port, from, everyMs) {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: from });
    const line = Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(1000));
    let i = 0;
    let closedAt = null;
    const t0 = Date.now();
    const timer = setInterval(() => { if (!sock.destroyed) sock.write(line.subarray(i % line.length, (i++ % line.length) + 1)); }, everyMs);
    sock.on('connect', () => sock.write(line.subarray(0, 1)));
    sock.on('data', () => {});
    sock.on('error', () => {});
    sock.on('close', () => { closedAt = Date.now() - t0; clearInterval(timer); });
    return { stop: () => { clearInterval(timer); sock.destroy(); }, closedAfter: () => closedAt };
}
function idle(port, from) {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: from });
    let closedAt = null, data = '';
    const t0 = Date.now();
    sock.on('data', (d) => { data += d.toString('latin1'); });
    sock.on('error', () => {});
    sock.on('close', () => { closedAt = Date.now() - t0; });
    return { sock, stop: () => sock.destroy(), closedAfter: () => closedAt, data: () => data };
}

async function slowClients(port) {
    // one slow request is cut off when its time is up, not kept alive by each byte
    const slow = drip(port, '127.0.0.5', 1000);
    // a kept-alive connection is closed when idle
    const kept = idle(port, '127.0.0.6');
    kept.sock.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    // one address holds at most 16 connections: the 17th is told to come back
    const held = [];
    for (let i = 0; i < 16; ++i) held.push(idle(port, '127.0.0.4'));
    await sleep(300);
    const extra = await raw(port, '', { from: '127.0.0.4', ms: 1500 });
    expect(extra.status === 503 && extra.headers['retry-after'] === '1' && extra.json && extra.json.error.startsWith('too many connections'),
           'the 17th connection from one address: 503, Retry-After', { status: extra.status, body: extra.body, ms: extra.ms, closed: extra.closed, held: held.map((c) => c.data().slice(0, 12) + '@' + c.closedAfter()) });
    held.forEach((c) => c.stop());

    // the attack: 200 connections sending a header byte every 3 s, 200 idle ones
    const attack = [];
    for (let i = 0; i < 200; ++i) attack.push(drip(port, '127.0.0.2', 3000));
    for (let i = 0; i < 200; ++i) attack.push(idle(port, '127.0.0.3'));
    await sleep(500);
    let worst = 0, answered = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 9000) {
        const [h, t] = await Promise.all([
            get(port, '/health', { ms: 2000 }),
            post(port, '{"text":"show disk usage"}', '', { ms: 2000 }),
        ]);
        if (h.status === 200 && t.status === 200 && t.json && t.json.command === 'df -h') answered++;
        worst = Math.max(worst, h.ms, t.ms);
        await sleep(300);
    }
    expect(answered >= 10 && worst < 1000, `under 200 slow and 200 idle connections: /health and /translate from another address answered ${answered} times, slowest in ${worst} ms (< 1000)`, { answered, worst });
    attack.forEach((c) => c.stop());

    const cut = slow.closedAfter();
    expect(cut !== null && cut >= 4500 && cut <= 7000, `a request sent a byte a second: cut off after ${cut} ms (its 5 s)`, cut);
    slow.stop();
    const idleCut = kept.closedAfter();
    expect(kept.data().startsWith('HTTP/1.1 200') && idleCut !== null && idleCut >= 1500 && idleCut <= 4000,
           `a kept-alive connection left idle: answered, then closed after ${idleCut} ms (its 2 s)`, { idleCut, data: kept.data().slice(0, 40) });
    kept.stop();
    await healthy(port, 'the slow-client attack');
}

async function main() {
    const { server, port, stderr } = await startServer(bin);
    try {
        await badBytes(port);
        await statuses(port);
        await smuggling(port);
        await slowClients(port);
        expect(server.exitCode === null, 'the server is still running', server.exitCode);
    } finally {
        const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
        server.kill('SIGINT');
        const ended = await Promise.race([exited, sleep(5000).then(() => null)]);
        expect(ended && ended.code === 0, 'SIGINT: the server stops and exits 0', ended);
        if (!ended) server.kill('SIGKILL');
        const log = stderr();
        if (log.trim()) console.log(`server stderr:\n${log.slice(0, 2000)}`);
    }
    await staticFiles();
    console.log(failures() ? `${failures()} check(s) failed` : 'all hostile-client checks passed');
    process.exit(failures() ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || e); process.exit(1); });
