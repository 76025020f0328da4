// web/bench.html: per-request latency of the WASM core and of ONNX Runtime
// Web on the same requests, the same greedy decoding and one thread each.
// Each is timed over `rounds` back-to-back translations per request (the
// browser's clock is coarse), after warming up. The canvas is not drawn meanwhile.
(() => {
    'use strict';
    const kRequests = [
        'show network interfaces', 'show disk usage', 'list all files in /var/log', 'copy zqxwv.txt to /opt/blorp',
        'ping 10.41.7.3 five times', 'show the last 30 lines of /var/log/frobnicate.log', 'who is logged in',
        'extract backup.tar.gz', 'which process is listening on port 8080', 'restart the nginx service',
        'find files bigger than 100M in /home', 'count the lines in notes.txt', 'make report.sh executable',
        'download https://example.com/file.iso', 'show the kernel version', 'follow the logs of sshd',
    ];

    const $ = (id) => document.getElementById(id);

    // Per request: milliseconds per core translation, averaged over `rounds` calls.
    // Warmed first over every request: the browser compiles WebAssembly in two
    // tiers and swaps in the optimised code only once a function is hot.
    function timeCore(rounds) {
        const out = {};
        for (let i = 0; i < 20; ++i) for (const r of kRequests) Module.ccall('page_translate', 'string', ['string', 'number'], [r, 0]);
        for (const r of kRequests) {
            const t0 = performance.now();
            let command = '';
            for (let i = 0; i < rounds; ++i) command = JSON.parse(Module.ccall('page_translate', 'string', ['string', 'number'], [r, 0])).command;
            out[r] = { ms: (performance.now() - t0) / rounds, command };
        }
        return out;
    }

    async function timeOrt(backend, rounds) {
        const out = {};
        for (let i = 0; i < 3; ++i) for (const r of kRequests) await backend.translate(Module, r, false);  // warm, as the core
        for (const r of kRequests) {
            const t0 = performance.now();
            let command = '';
            for (let i = 0; i < rounds; ++i) command = (await backend.translate(Module, r, false)).command;
            out[r] = { ms: (performance.now() - t0) / rounds, command };
        }
        return out;
    }

    async function runBench() {
        const rounds = Number(new URLSearchParams(location.search).get('rounds') || 20);
        Module.ccall('page_pause_drawing', null, ['number'], [1]);
        cmdseqOrt.configure(new URL('node_modules/onnxruntime-web/dist/', location.href).href);
        try {
            $('status').textContent = 'loading models…';
            const [int8, fp32] = await Promise.all([cmdseqCore.fetchBytes('../models/standard-int8.cmdseq'), cmdseqCore.fetchBytes('../models/standard.cmdseq')]);
            const ortStart = performance.now();
            const backend = await cmdseqOrt.loadPair('../models/onnx/standard/', 'standard');
            const ortLoadMs = performance.now() - ortStart;
            $('status').textContent = `timing ${kRequests.length} requests, ${rounds} rounds each…`;
            cmdseqCore.loadModel(Module, int8, 'standard-int8.cmdseq', 0);
            const coreInt8 = timeCore(rounds);
            cmdseqCore.loadModel(Module, fp32, 'standard.cmdseq', 0);
            const coreFp32 = timeCore(rounds);
            const ortTimes = await timeOrt(backend, rounds);

            const rows = kRequests.map((r) => ({
                request: r, core_int8_ms: coreInt8[r].ms, core_fp32_ms: coreFp32[r].ms, ort_ms: ortTimes[r].ms,
                same_command: ortTimes[r].command === coreFp32[r].command, command: coreFp32[r].command,
            }));
            const sum = (k) => rows.reduce((a, x) => a + x[k], 0);
            const result = {
                rounds, ort_load_ms: ortLoadMs, rows,
                mean: { core_int8_ms: sum('core_int8_ms') / rows.length, core_fp32_ms: sum('core_fp32_ms') / rows.length, ort_ms: sum('ort_ms') / rows.length },
            };
            result.ratio_int8 = result.mean.ort_ms / result.mean.core_int8_ms;
            result.ratio_fp32 = result.mean.ort_ms / result.mean.core_fp32_ms;

            const f = (x) => x.toFixed(3);
            $('results').innerHTML = '<tr><th>request</th><th>core int8 ms</th><th>core fp32 ms</th><th>ONNX Runtime Web ms</th><th>ORT / core int8</th><th>same command</th></tr>' +
                rows.map((x) => `<tr><td>${x.request}</td><td>${f(x.core_int8_ms)}</td><td>${f(x.core_fp32_ms)}</td><td>${f(x.ort_ms)}</td>` +
                    `<td>${(x.ort_ms / x.core_int8_ms).toFixed(1)}x</td><td>${x.same_command ? 'yes' : 'NO'}</td></tr>`).join('');
            $('summary').textContent = `mean per request: core int8 ${f(result.mean.core_int8_ms)} ms, core fp32 ${f(result.mean.core_fp32_ms)} ms, ` +
                `ONNX Runtime Web ${f(result.mean.ort_ms)} ms: the core is ${result.ratio_int8.toFixed(1)}x (int8) and ${result.ratio_fp32.toFixed(1)}x (fp32) faster. ` +
                `ONNX Runtime Web took ${ortLoadMs.toFixed(0)} ms to load.`;
            $('status').textContent = 'done';
            window.benchResult = result;
        } catch (e) {
            $('status').textContent = `failed: ${e.message || e}`;
            window.benchResult = { error: String(e.message || e) };
        }
    }

    // the Emscripten module reads its settings from this global; the rest stays
    // inside this function, as the module's glue declares globals of its own (run, ...)
    window.Module = {
        canvas: $('canvas'),
        onRuntimeInitialized: () => setTimeout(runBench, 0),
        printErr: (text) => console.error(text),
    };
})();
