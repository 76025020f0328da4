// ONNX Runtime Web as the page's second backend. It runs only the network, a
// model's ONNX export (encoder.onnx, decoder.onnx: one step); the tokenizer,
// placeholders, search and sampling stay in the WASM core, which asks for the
// decoder steps it needs in rounds (wasm/page_api.cpp, core/external_steps.h).
// Used by index.html and web/bench.html; expects ort.wasm.min.js and web/core.js loaded.
'use strict';

const cmdseqOrt = (() => {
    // One thread: the page is not cross-origin isolated, and both backends
    // then run on one core, like for like.
    function configure(distUrl) {
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.wasmPaths = distUrl;
    }

    const kEncoderInputs = ['source'];
    const kDecoderInputs = ['prev_token', 'decoder_state', 'encoder_outputs', 'attention_keys'];

    class OrtBackend {
        constructor(encoder, decoder, config, name) {
            this.encoder = encoder;
            this.decoder = decoder;
            this.config = config;  // model_config.json, or null
            this.name = name;
        }

        // encoderBytes, decoderBytes: Uint8Array; config: parsed model_config.json or null.
        static async create(encoderBytes, decoderBytes, config, name) {
            const options = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
            let encoder, decoder;
            try {
                encoder = await ort.InferenceSession.create(encoderBytes, options);
                decoder = await ort.InferenceSession.create(decoderBytes, options);
            } catch (e) {
                throw new Error(`ONNX Runtime cannot load ${name}: ${e.message || e}`);
            }
            const missing = (session, want) => want.filter((n) => !session.inputNames.includes(n));
            const bad = [...missing(encoder, kEncoderInputs), ...missing(decoder, kDecoderInputs)];
            if (bad.length) throw new Error(`${name} is not a cmdseq encoder/decoder pair (inputs missing: ${bad.join(', ')})`);
            if (config && config.format !== 'cmdseq-onnx') throw new Error(`${name}: model_config.json is not a cmdseq ONNX config`);
            return new OrtBackend(encoder, decoder, config, name);
        }

        // Whether this pair was exported with the core model's vocabularies
        // (vocab: the core's {"source": [...], "target": [...]}); an error message or ''.
        mismatch(vocab) {
            if (!this.config) return '';
            const same = (a, b) => a.length === b.length && a.every((t, i) => t === b[i]);
            if (!same(this.config.source_vocab, vocab.source) || !same(this.config.target_vocab, vocab.target))
                return `the ONNX pair ${this.name} was exported from another model: its vocabularies differ from the loaded model's`;
            return '';
        }

        // Translates `request` with the core's options; resolves to the core's
        // result JSON (plus "ms" and, unless parity is false, "parity") or throws with the reason.
        async translate(core, request, parity = true) {
            const t0 = performance.now();
            const begin = JSON.parse(core.ccall('ort_begin', 'string', ['string'], [request]));
            if (begin.error) throw new Error(begin.error);
            const ids = begin.source_ids, S = begin.state_size, T = ids.length;
            const enc = await this.encoder.run({ source: new ort.Tensor('int64', BigInt64Array.from(ids, (i) => BigInt(i)), [1, T]) });
            const init = enc.decoder_state.data;
            if (init.length !== S)
                throw new Error(`the ONNX pair does not fit the loaded model: decoder state of ${init.length} floats, the model has ${S}`);
            withHeap(core, [init], ([p]) => core._ort_set_initial(p));

            const layers = enc.decoder_state.dims[0], H = S / layers;
            const C = enc.encoder_outputs.dims[2], A = enc.attention_keys.dims[2];
            const tiled = new Map();  // batch size -> encoder outputs and keys repeated that often
            const tile = (n) => {
                if (!tiled.has(n)) {
                    const rep = (t, width) => {
                        const out = new Float32Array(n * T * width);
                        for (let b = 0; b < n; ++b) out.set(t.data, b * T * width);
                        return new ort.Tensor('float32', out, [n, T, width]);
                    };
                    tiled.set(n, [rep(enc.encoder_outputs, C), rep(enc.attention_keys, A)]);
                }
                return tiled.get(n);
            };

            for (let round = 0; round < 1000; ++round) {
                const n = core._ort_round();
                if (n === 0) {
                    const result = JSON.parse(core.ccall('ort_result', 'string', ['number'], [parity ? 1 : 0]));
                    if (result.error) throw new Error(result.error);
                    result.ms = performance.now() - t0;
                    return result;
                }
                if (n < 0) throw new Error(JSON.parse(core.ccall('ort_result', 'string', ['number'], [0])).error);
                // every step this round lacks, as one batch: core states are
                // [layers * H] per hypothesis, ONNX's are [layers, batch, H]
                const prev = new BigInt64Array(n), prevIds = [], statesIn = [], batchState = new Float32Array(layers * n * H);
                for (let b = 0; b < n; ++b) {
                    const tok = core._ort_missing_prev(b);
                    prev[b] = BigInt(tok);
                    prevIds.push(tok);
                    const p = core._ort_missing_state(b) >> 2;
                    const s = core.HEAPF32.slice(p, p + S);
                    statesIn.push(s);
                    for (let l = 0; l < layers; ++l) batchState.set(s.subarray(l * H, (l + 1) * H), (l * n + b) * H);
                }
                const [encOut, keys] = tile(n);
                const r = await this.decoder.run({
                    prev_token: new ort.Tensor('int64', prev, [n]),
                    decoder_state: new ort.Tensor('float32', batchState, [layers, n, H]),
                    encoder_outputs: encOut,
                    attention_keys: keys,
                });
                const V = r.logits.dims[1];
                if (V !== begin.target_vocab_size)
                    throw new Error(`the ONNX pair does not fit the loaded model: ${V} output tokens, the model has ${begin.target_vocab_size}`);
                for (let b = 0; b < n; ++b) {
                    const out = new Float32Array(S);
                    for (let l = 0; l < layers; ++l) out.set(r.new_decoder_state.data.subarray((l * n + b) * H, (l * n + b + 1) * H), l * H);
                    const logits = r.logits.data.subarray(b * V, (b + 1) * V);
                    const attention = r.attention.data.subarray(b * T, (b + 1) * T);
                    const ok = withHeap(core, [statesIn[b], out, logits, attention], ([si, so, lg, at]) => core._ort_add(prevIds[b], si, so, lg, at));
                    if (!ok) throw new Error('the core refused a step ONNX Runtime computed (see the console)');
                }
            }
            throw new Error('ONNX Runtime decoding did not finish');
        }
    }

    // Copies Float32Arrays into the WASM heap for the duration of fn.
    function withHeap(core, arrays, fn) {
        const ptrs = arrays.map((a) => core._malloc(a.length * 4));
        try {
            arrays.forEach((a, i) => core.HEAPF32.set(a, ptrs[i] >> 2));
            return fn(ptrs);
        } finally {
            ptrs.forEach((p) => core._free(p));
        }
    }

    // The ONNX pair in folder `dir` (URL ending in /), as models/onnx/<name>/ holds it.
    async function loadPair(dir, name) {
        const [encoder, decoder, config] = await Promise.all([
            cmdseqCore.fetchBytes(dir + 'encoder.onnx'), cmdseqCore.fetchBytes(dir + 'decoder.onnx'), cmdseqCore.fetchBytes(dir + 'model_config.json')]);
        return OrtBackend.create(encoder, decoder, JSON.parse(new TextDecoder().decode(config)), name);
    }

    return { configure, OrtBackend, loadPair };
})();
