// What the checks of cmdseq serve share: a checker that counts failures, and
// a server started on a free loopback port.
'use strict';
const { spawn } = require('child_process');

// expect(ok, what, detail) prints one line per check; failures() counts the bad ones.
function checker() {
    let failures = 0;
    const expect = (ok, what, detail) => {
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 300)}`}`);
        if (!ok) failures++;
    };
    return { expect, failures: () => failures };
}

// Starts `cmdseq serve --port 0 --quiet --threads 4 ARGS...` and resolves once
// it prints the address it listens on: { server, port, base, stderr() }.
function startServer(bin, args = []) {
    return new Promise((resolve, reject) => {
        const server = spawn(bin, ['serve', '--port', '0', '--quiet', '--threads', '4', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '', err = '';
        server.stderr.on('data', (d) => { err += d; });
        server.stdout.on('data', (d) => {
            out += d;
            const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
            if (m) resolve({ server, port: Number(m[1]), base: `http://127.0.0.1:${m[1]}`, stderr: () => err });
        });
        server.on('exit', (code) => reject(new Error(`cmdseq serve exited (${code}) before listening: ${err}`)));
        setTimeout(() => reject(new Error('cmdseq serve did not start within 10 s')), 10000);
    });
}

module.exports = { checker, startServer };
