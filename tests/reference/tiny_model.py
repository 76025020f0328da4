#!/usr/bin/env python3
"""Independent reference for the core's arithmetic on a tiny model.

Plain Python floats (double precision), written from the equations in
DESIGN.md and PyTorch's GRU documentation, not from the C++ code. The test
test_engine.cpp builds the same weights with the same formula and checks the
core's numbers against the values this prints.

Weights: tensor t (in expected_tensors order), element i (row-major):
    a * sin(0.37 * (i + 1) + 1.1 * (t + 1)),  a = 2 for encoder.embedding and attention.v,
4 for attention.key.weight, else 0.5
(the larger attention weights make the attention far from uniform)
"""
import math

E, H, A = 2, 2, 2          # embedding, hidden, attention
VS, VT = 4, 5              # source vocab: <pad> <unk> a b; target: <pad> <unk> <s> </s> x
C = H                      # unidirectional: context width = hidden

shapes = [
    ("encoder.embedding", (VS, E)),
    ("encoder.gru.weight_ih_l0", (3 * H, E)), ("encoder.gru.weight_hh_l0", (3 * H, H)),
    ("encoder.gru.bias_ih_l0", (3 * H,)), ("encoder.gru.bias_hh_l0", (3 * H,)),
    ("bridge.weight", (H, C)), ("bridge.bias", (H,)),
    ("attention.key.weight", (A, C)), ("attention.query.weight", (A, H)),
    ("attention.query.bias", (A,)), ("attention.v", (A,)),
    ("decoder.embedding", (VT, E)),
    ("decoder.gru.weight_ih_l0", (3 * H, E + C)), ("decoder.gru.weight_hh_l0", (3 * H, H)),
    ("decoder.gru.bias_ih_l0", (3 * H,)), ("decoder.gru.bias_hh_l0", (3 * H,)),
    ("decoder.out.weight", (VT, H + C)), ("decoder.out.bias", (VT,)),
]

W = {}
for t, (name, shape) in enumerate(shapes):
    n = 1
    for d in shape:
        n *= d
    amp = {"encoder.embedding": 2.0, "attention.key.weight": 4.0, "attention.v": 2.0}.get(name, 0.5)
    flat = [amp * math.sin(0.37 * (i + 1) + 1.1 * (t + 1)) for i in range(n)]
    if len(shape) == 2:
        W[name] = [flat[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]
    else:
        W[name] = flat

def matvec(M, x):
    return [sum(m * v for m, v in zip(row, x)) for row in M]

def sig(x):
    return 1 / (1 + math.exp(-x))

def gru(prefix, x, h):
    gi = [a + b for a, b in zip(matvec(W[prefix + "weight_ih_l0"], x), W[prefix + "bias_ih_l0"])]
    gh = [a + b for a, b in zip(matvec(W[prefix + "weight_hh_l0"], h), W[prefix + "bias_hh_l0"])]
    out = []
    for j in range(H):
        r = sig(gi[j] + gh[j])
        z = sig(gi[H + j] + gh[H + j])
        n = math.tanh(gi[2 * H + j] + r * gh[2 * H + j])
        out.append((1 - z) * n + z * h[j])
    return out

src = [2, 3, 2]  # a b a
h = [0.0] * H
enc = []
for tok in src:
    h = gru("encoder.gru.", W["encoder.embedding"][tok], h)
    enc.append(h)
s = [math.tanh(v + b) for v, b in zip(matvec(W["bridge.weight"], h), W["bridge.bias"])]
keys = [matvec(W["attention.key.weight"], e) for e in enc]

def step(prev, s):
    q = [a + b for a, b in zip(matvec(W["attention.query.weight"], s), W["attention.query.bias"])]
    e = [sum(v * math.tanh(k + qq) for v, k, qq in zip(W["attention.v"], key, q)) for key in keys]
    m = max(e)
    ex = [math.exp(x - m) for x in e]
    att = [x / sum(ex) for x in ex]
    ctx = [sum(att[t] * enc[t][j] for t in range(len(enc))) for j in range(C)]
    x = W["decoder.embedding"][prev] + ctx
    s2 = gru("decoder.gru.", x, s)
    logits = [a + b for a, b in zip(matvec(W["decoder.out.weight"], s2 + ctx), W["decoder.out.bias"])]
    return att, s2, logits

att1, s1, logits1 = step(2, s)      # first step reads <s>
att2, s2, logits2 = step(4, s1)     # second step reads "x"
fmt = lambda v: "{" + ", ".join("%.7ff" % x for x in v) + "}"
print("encoder_final", fmt(h))
print("initial_state", fmt(s))
print("attention_1", fmt(att1))
print("logits_1", fmt(logits1))
print("attention_2", fmt(att2))
print("logits_2", fmt(logits2))

# a single GRU step with hand-picked numbers (test_kernels.cpp)
Wih = [[0.1], [-0.2], [0.3], [0.4], [-0.5], [0.6]]
Whh = [[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6], [0.7, 0.8], [-0.9, 1.0], [0.2, -0.1]]
bih = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06]
bhh = [0.1, -0.1, 0.2, -0.2, 0.3, -0.3]
x, h0 = [2.0], [0.5, -0.25]
gi = [a + b for a, b in zip(matvec(Wih, x), bih)]
gh = [a + b for a, b in zip(matvec(Whh, h0), bhh)]
out = []
for j in range(2):
    r = sig(gi[j] + gh[j]); z = sig(gi[2 + j] + gh[2 + j]); n = math.tanh(gi[4 + j] + r * gh[4 + j])
    out.append((1 - z) * n + z * h0[j])
print("gru_step", fmt(out))
