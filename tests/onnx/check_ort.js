// ONNX Runtime (Node) against the cmdseq core.
//
//   node check_ort.js MODEL_DIR REFERENCE.json            parity: logits at every step and greedy tokens
//   node check_ort.js MODEL_DIR REFERENCE.json --bench N  also time greedy decoding per request, N rounds
//
// MODEL_DIR holds encoder.onnx and decoder.onnx; REFERENCE.json is what
// `cmdseq-train parity --reference` wrote: the core's source ids, greedy tokens
// and logits for each request. The request side (tokenizer, placeholders) is the
// core's; ONNX Runtime runs only the network, as in the browser.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

async function main() {
    const [dir, refPath, ...rest] = process.argv.slice(2);
    if (!dir || !refPath) {
        console.error('usage: node check_ort.js MODEL_DIR REFERENCE.json [--bench ROUNDS] [--json OUT]');
        process.exit(2);
    }
    const opt = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
    const ref = JSON.parse(fs.readFileSync(refPath, 'utf8'));
    const so = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };
    const encoder = await ort.InferenceSession.create(path.join(dir, 'encoder.onnx'), so);
    const decoder = await ort.InferenceSession.create(path.join(dir, 'decoder.onnx'), so);
    const tol = ref.tolerance;

    const encode = (ids) => encoder.run({ source: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]) });
    const step = (enc, prev, state) => decoder.run({
        prev_token: new ort.Tensor('int64', BigInt64Array.from([BigInt(prev)]), [1]),
        decoder_state: state,
        encoder_outputs: enc.encoder_outputs,
        attention_keys: enc.attention_keys,
    });
    const argmax = (a) => { let b = 0; for (let i = 1; i < a.length; ++i) if (a[i] > a[b]) b = i; return b; };
    // the core decoder's masks, as the reference names them: <pad> and <s> never;
    // </s> and what cannot begin a command (never_first) not first nor after sudo
    const mask = (logits, i, prev) => {
        const l = Float32Array.from(logits);
        if (ref.pad !== undefined) l[ref.pad] = -Infinity;
        l[ref.bos] = -Infinity;
        if (i === 0 || prev === ref.sudo) {
            l[ref.eos] = -Infinity;
            for (const id of ref.never_first || []) l[id] = -Infinity;
        }
        return l;
    };
    async function greedy(ids) {
        const enc = await encode(ids);
        let state = enc.decoder_state, prev = ref.bos;
        const out = [];
        for (let i = 0; i < 64; ++i) {
            const r = await step(enc, prev, state);
            state = r.new_decoder_state;
            prev = argmax(mask(r.logits.data, i, prev));
            if (prev === ref.eos) break;
            out.push(prev);
        }
        return out;
    }

    let worst = 0, mismatches = 0, steps = 0;
    for (const q of ref.requests) {
        const enc = await encode(q.source_ids);
        let state = enc.decoder_state, prev = ref.bos, diff = 0;
        for (let i = 0; i <= q.tokens.length; ++i) {
            const r = await step(enc, prev, state);
            const want = q.logits[i];
            for (let v = 0; v < want.length; ++v) diff = Math.max(diff, Math.abs(r.logits.data[v] - want[v]));
            state = r.new_decoder_state;
            if (i < q.tokens.length) prev = q.tokens[i];
            ++steps;
        }
        const tokens = await greedy(q.source_ids);
        const same = JSON.stringify(tokens) === JSON.stringify(q.tokens);
        if (!same) ++mismatches;
        worst = Math.max(worst, diff);
        console.log(`${q.request.padEnd(48).slice(0, 48)}  max |diff| ${diff.toExponential(2)}  ${same ? 'same tokens' : 'DIFFERENT TOKENS'}`);
    }
    console.log(`${ref.requests.length} requests, ${steps} steps: largest |ONNX Runtime - core| logit difference ` +
                `${worst.toExponential(2)} (tolerance ${tol}); greedy tokens ${mismatches ? 'DIFFER' : 'identical'}`);
    let failed = !(worst <= tol) || mismatches > 0;

    const rounds = Number(opt('--bench') || 0);
    if (rounds > 0) {
        const ms = [];
        for (let round = -1; round < rounds; ++round) {
            for (const q of ref.requests) {
                const t0 = process.hrtime.bigint();
                await greedy(q.source_ids);
                const t1 = process.hrtime.bigint();
                if (round >= 0) ms.push(Number(t1 - t0) / 1e6);
            }
        }
        const sorted = [...ms].sort((a, b) => a - b);
        const p50 = sorted[Math.floor(sorted.length / 2)], mean = ms.reduce((a, b) => a + b, 0) / ms.length;
        console.log(`ONNX Runtime (Node) greedy: p50 ${p50.toFixed(3)} ms, mean ${mean.toFixed(3)} ms per request (${ms.length} samples, one thread)`);
        const out = opt('--json');
        if (out) fs.writeFileSync(out, JSON.stringify({ 'ONNX Runtime (Node)': { p50_ms: p50, mean_ms: mean, samples: ms.length } }, null, 1) + '\n');
    }
    process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
