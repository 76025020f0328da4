// What index.html and web/bench.html both need around the WASM core (the
// Emscripten module, passed in as `core`): fetching files and loading a model.
'use strict';

const cmdseqCore = (() => {
    async function fetchBytes(url) {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
    }

    // Hands a .cmdseq file's bytes to slot 0 (A, the model the page shows) or
    // 1 (the studio's B). On failure the core keeps its previous model and
    // this throws the core's own message.
    function loadModel(core, bytes, name, slot) {
        const p = core._malloc(bytes.length);
        core.HEAPU8.set(bytes, p);
        const ok = core.ccall('studio_load_model', 'number', ['number', 'number', 'string', 'number'], [p, bytes.length, name, slot]) === 1;
        core._free(p);
        if (!ok) throw new Error(core.ccall('studio_error', 'string', [], []));
    }

    return { fetchBytes, loadModel };
})();
