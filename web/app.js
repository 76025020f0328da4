// index.html: the request box and result line over the WASM core (the same
// module draws the studio on the canvas), model loading from this server or
// the user's disk, and ONNX Runtime Web as a second backend.
(() => {
    'use strict';
    const $ = (id) => document.getElementById(id);

    // The shipped models; each runs under ONNX Runtime through the ONNX export of the same training run.
    const kModels = [
        { label: 'standard, int8 (default)', file: 'models/standard-int8.cmdseq', onnx: 'models/onnx/standard/' },
        { label: 'standard, fp32', file: 'models/standard.cmdseq', onnx: 'models/onnx/standard/' },
        { label: 'tiny, int8', file: 'models/tiny-int8.cmdseq', onnx: 'models/onnx/tiny/' },
    ];

    const page = {
        ort: null,          // OrtBackend, once loaded
        ortDir: null,       // the shipped pair it came from, or null for the user's own
        ortLoading: null,   // promise while a pair loads
        vocab: null,        // the core model's vocabularies (for checking an ONNX pair)
        storage: '',        // the core model's weights: fp32 or int8
        last: '',           // the core's last result JSON
        sequence: 0,        // newest request; older ONNX Runtime answers are dropped
    };

    function showError(message) {
        $('error').textContent = message || '';
    }

    function call(name, ret, types, args) {
        return Module.ccall(name, ret, types || [], args || []);
    }

    // Loads a .cmdseq file's bytes into the core (see cmdseqCore.loadModel) and
    // notes what the page needs of the model it shows.
    function loadCore(bytes, name, slot) {
        cmdseqCore.loadModel(Module, bytes, name, slot);
        if (slot === 0) {
            page.vocab = JSON.parse(call('page_vocab', 'string'));
            page.storage = JSON.parse(call('page_model_info', 'string')).storage;
            $('model-name').textContent = name;
        }
    }

    async function ensureOrt() {
        if (page.ort) return page.ort;
        if (!page.ortLoading) {
            const entry = kModels[$('model').selectedIndex] || kModels[0];
            $('status').textContent = 'loading ONNX Runtime Web…';
            page.ortLoading = cmdseqOrt.loadPair(entry.onnx, entry.onnx)
                .then((backend) => { page.ort = backend; page.ortDir = entry.onnx; $('status').textContent = ''; return backend; })
                .finally(() => { page.ortLoading = null; });
        }
        return page.ortLoading;
    }

    function fmtMs(ms) {
        return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`;
    }

    function showCore(result) {
        $('command').textContent = result.command;
        $('risk').textContent = result.risk;
        $('risk').dataset.level = result.risk;
        $('latency').textContent = fmtMs(result.ms);
        $('warnings').textContent = (result.warnings || []).join('; ');
    }

    // Translates the request box with the chosen backend(s).
    async function translate() {
        const request = $('request').value;
        const backend = $('backend').value;
        const sequence = ++page.sequence;
        call('studio_set_request', null, ['string'], [request]);
        const coreJson = call('page_result', 'string', ['number'], [0]);
        page.last = coreJson;
        const core = JSON.parse(coreJson);
        $('result-ort').hidden = backend !== 'both';
        $('parity-line').hidden = backend === 'core';
        $('label-core').textContent = backend === 'ort' ? 'ONNX Runtime' : 'core';
        if (core.error || !request.trim()) {
            // an empty request is not an error worth shouting about
            ['command', 'risk', 'latency', 'command-ort', 'latency-ort', 'parity', 'warnings'].forEach((id) => { $(id).textContent = ''; });
            showError(request.trim() ? core.error : '');
            return;
        }
        if (backend === 'core') {
            showCore(core);
            showError('');
            return;
        }
        if (backend === 'both') showCore(core);
        try {
            const ortBackend = await ensureOrt();
            const mismatch = ortBackend.mismatch(page.vocab);
            if (mismatch) throw new Error(mismatch);
            const result = await ortBackend.translate(Module, request);
            if (sequence !== page.sequence) return;  // the request changed meanwhile
            if (backend === 'ort') {
                showCore(result);
            } else {
                $('command-ort').textContent = result.command;
                $('latency-ort').textContent = fmtMs(result.ms);
            }
            // ONNX exports are fp32: against an int8 core the difference is mostly int8 rounding
            $('parity').textContent = result.parity.toExponential(2);
            $('parity-note').textContent = page.storage === 'int8' ? '(int8 core, fp32 ONNX)' : '';
            showError('');
        } catch (e) {
            if (sequence !== page.sequence) return;
            if (backend === 'ort') ['command', 'risk', 'latency'].forEach((id) => { $(id).textContent = ''; });
            $('command-ort').textContent = '';
            $('parity').textContent = '';
            showError(String(e.message || e));
        }
    }

    // Files from the file input or a drop: .cmdseq files go to the core, an
    // encoder.onnx + decoder.onnx pair (and its model_config.json) to ONNX Runtime.
    async function loadFiles(files, slot) {
        const list = [...files];
        const read = async (f) => new Uint8Array(await f.arrayBuffer());
        try {
            const model = list.find((f) => f.name.endsWith('.cmdseq'));
            const encoder = list.find((f) => f.name.endsWith('.onnx') && f.name.includes('encoder'));
            const decoder = list.find((f) => f.name.endsWith('.onnx') && f.name.includes('decoder'));
            const config = list.find((f) => f.name.endsWith('.json'));
            const used = [model, encoder, decoder, config].filter(Boolean);
            if (!used.length || used.length < list.length)
                throw new Error(`not a model: ${list.filter((f) => !used.includes(f)).map((f) => f.name).join(', ') || 'nothing given'} ` +
                                '(expected a .cmdseq file, or encoder.onnx + decoder.onnx with model_config.json)');
            if (model) loadCore(await read(model), model.name, slot);
            if (encoder || decoder || config) {
                if (!encoder || !decoder) throw new Error('an ONNX model needs both encoder.onnx and decoder.onnx');
                $('status').textContent = 'loading the ONNX pair…';
                const cfg = config ? JSON.parse(new TextDecoder().decode(await read(config))) : null;
                page.ort = await cmdseqOrt.OrtBackend.create(await read(encoder), await read(decoder), cfg, `${encoder.name} + ${decoder.name}`);
                page.ortDir = null;
                $('status').textContent = `ONNX Runtime: ${page.ort.name}`;
            }
            showError('');
        } catch (e) {
            $('status').textContent = '';
            showError(String(e.message || e));
            return;
        }
        await translate();
    }

    async function loadShipped(index) {
        const entry = kModels[index];
        try {
            loadCore(await cmdseqCore.fetchBytes(entry.file), entry.file.split('/').pop(), 0);
            if (page.ort && page.ortDir !== entry.onnx) page.ort = null;  // the next ONNX Runtime request loads this model's pair
            showError('');
        } catch (e) {
            showError(String(e.message || e));
        }
        await translate();
    }

    // The default model downloads while the WebAssembly compiles; the runtime
    // waits for it (a run dependency), and start() translates before main()
    // sets up the studio's canvas, so that the first command comes first.
    let defaultBytes = null, defaultError = null;
    const defaultModel = cmdseqCore.fetchBytes(kModels[0].file).then((b) => { defaultBytes = b; }, (e) => { defaultError = e; });
    function waitForDefaultModel() {
        addRunDependency('default-model');  // Emscripten's glue: run() waits until removed
        defaultModel.finally(() => removeRunDependency('default-model'));
    }

    function start() {
        performance.mark('core-ready');
        cmdseqOrt.configure(new URL('web/node_modules/onnxruntime-web/dist/', location.href).href);
        kModels.forEach((m) => $('model').add(new Option(m.label, m.file)));
        try {
            if (defaultError) throw defaultError;
            loadCore(defaultBytes, kModels[0].file.split('/').pop(), 0);
            performance.mark('model-loaded');
        } catch (e) {
            showError(String(e.message || e));
        }
        translate();  // the core backend answers synchronously
        // milliseconds from navigation to the first command on screen (the bench script reads it)
        document.body.dataset.firstMs = performance.now().toFixed(0);
        document.body.dataset.ready = '1';
        // the studio's own controls can change the request, options or models: follow them
        setInterval(() => {
            const now = call('page_result', 'string', ['number'], [0]);
            if (now === page.last) return;
            const result = JSON.parse(now);
            if (result.input !== undefined && result.input !== $('request').value) $('request').value = result.input;
            translate();
        }, 300);
    }

    $('request').addEventListener('input', translate);
    $('backend').addEventListener('change', translate);
    $('model').addEventListener('change', () => loadShipped($('model').selectedIndex));
    $('model-file').addEventListener('change', (e) => loadFiles(e.target.files, 0));
    $('copy').addEventListener('click', async () => {
        const text = $('command').textContent;
        try {
            await navigator.clipboard.writeText(text);
            $('status').textContent = 'copied';
        } catch (e) {
            $('status').textContent = 'the browser refused the clipboard; select the command instead';
        }
    });
    // Drops anywhere, the canvas included, come here (capture phase) so that every
    // dropped file gets the same checks; the studio chooses the slot (A or B).
    document.addEventListener('dragover', (e) => e.preventDefault(), true);
    document.addEventListener('drop', (e) => {
        e.preventDefault();
        e.stopPropagation();
        if (e.dataTransfer && e.dataTransfer.files.length) loadFiles(e.dataTransfer.files, Module._page_drop_target ? Module._page_drop_target() : 0);
    }, true);

    // the Emscripten module reads its settings from this global; the rest stays
    // inside this function, as the module's glue declares globals of its own (run, ...)
    window.Module = {
        canvas: $('canvas'),
        preRun: [waitForDefaultModel],
        onRuntimeInitialized: start,
        printErr: (text) => console.error(text),
    };
})();
