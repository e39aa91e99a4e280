/**
 * Speed of CD-1 training through the public `RBM.fit` at 513 visible × 256 hidden (fp32), batch 64 and batch 10
 * (where the cost of each call into the runtime dominates), Bernoulli and Gaussian visible units, beside numpy
 * (hand-written CD-1 of the same model) and scikit-learn (BernoulliRBM.partial_fit, Bernoulli only) run from this
 * same script. A step = draw the random numbers, compute the CD-1 gradient, apply the momentum/decay update (what
 * fit() does; the onnx engine does the update inside its graph, see src/rbm/training/onnx/cdGraph.ts).
 * Then the memory (RSS) of training on a full-size data set (20k frames × 513).
 *
 * Fairness on a shared machine: our epochs and the Python peers' bursts are interleaved finely (one epoch of ours,
 * then one burst of numpy, one of sklearn, repeated), and each figure is the MEDIAN of its bursts; every ratio is
 * between figures of this one invocation. The Gaussian lines use a fixed σ = 1 (standardised data) on both sides.
 *
 *   npm run bench -- rbm          (or: node --import tsx bench/rbm.bench.ts; RBM_BENCH_ROUNDS=n for more bursts)
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { ConditionalRBM, RBM, backendName, initBackend, onnxAvailable, type BackendName, type VisibleType } from '../src/rbm';
import { Random } from '../src/util/random';

const NV = 513;
const NH = 256;
const ROUNDS = Number(process.env.RBM_BENCH_ROUNDS ?? 9);
const PYTHON_CMD = ['env', '-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', '/usr/bin/python3'];

/** A persistent Python process answering "numpy B kind N" / "sklearn B bernoulli N" with the steps/s of N steps. */
const PYTHON = `
import json, sys, time
import numpy as np
nv, nh = ${NV}, ${NH}
rng = np.random.default_rng(0)
def sig(x): return 1.0 / (1.0 + np.exp(-x))
class CD1:  # CD-1 with momentum and weight decay, as fit() does; Gaussian visibles with σ = 1 use the mean
    def __init__(self, B, kind):
        self.B, self.gauss = B, kind == "gaussian"
        self.X = (rng.standard_normal((B * 50, nv)) if self.gauss else (rng.random((B * 50, nv)) < 0.3)).astype(np.float32)
        self.W = (0.01 * rng.standard_normal((nv, nh))).astype(np.float32); self.b = np.zeros(nv, np.float32); self.c = np.zeros(nh, np.float32)
        self.vW = np.zeros_like(self.W); self.vb = np.zeros_like(self.b); self.vc = np.zeros_like(self.c)
        self.lr = 0.001 if self.gauss else 0.1
    def step(self, i):
        B, W, b, c = self.B, self.W, self.b, self.c
        v0 = self.X[(i % 50) * B:(i % 50 + 1) * B]
        ph0 = sig(v0 @ W + c)
        h0 = (rng.random(ph0.shape, dtype=np.float32) < ph0).astype(np.float32)
        v1 = h0 @ W.T + b
        if not self.gauss: v1 = sig(v1)
        ph1 = sig(v1 @ W + c)
        gW = (v0.T @ ph0 - v1.T @ ph1) / B
        self.vW[:] = 0.9 * self.vW + self.lr * (gW - 1e-4 * W); W += self.vW
        self.vb[:] = 0.9 * self.vb + self.lr * (v0 - v1).mean(0); b += self.vb
        self.vc[:] = 0.9 * self.vc + self.lr * (ph0 - ph1).mean(0); c += self.vc
class CRBM1:  # the Conditional RBM's CD-1 (Taylor et al. 2006): biases b + xA, c + xB from the last \`order\` frames
    def __init__(self, B, nvc, nhc, order):
        self.B, self.order = B, order
        S = rng.standard_normal((B * 50 + order, nvc)).astype(np.float32)
        self.H = np.hstack([S[order - 1 - j:order - 1 - j + B * 50] for j in range(order)])  # row t: frames t-1 … t-order
        self.V = S[order:]
        self.W = (0.01 * rng.standard_normal((nvc, nhc))).astype(np.float32)
        self.A = (0.01 * rng.standard_normal((order * nvc, nvc))).astype(np.float32)
        self.Bm = (0.01 * rng.standard_normal((order * nvc, nhc))).astype(np.float32)
        self.b = np.zeros(nvc, np.float32); self.c = np.zeros(nhc, np.float32)
        self.vel = [np.zeros_like(x) for x in (self.W, self.A, self.Bm, self.b, self.c)]
    def step(self, i):
        B = self.B; s = slice((i % 50) * B, (i % 50 + 1) * B)
        X, v0 = self.H[s], self.V[s]
        bd = self.b + X @ self.A; cd = self.c + X @ self.Bm
        ph0 = sig(v0 @ self.W + cd)
        h0 = (rng.random(ph0.shape, dtype=np.float32) < ph0).astype(np.float32)
        v1 = h0 @ self.W.T + bd
        ph1 = sig(v1 @ self.W + cd)
        dv, dh = v0 - v1, ph0 - ph1
        grads = ((v0.T @ ph0 - v1.T @ ph1) / B, X.T @ dv / B, X.T @ dh / B, dv.mean(0), dh.mean(0))
        for p, v, g in zip((self.W, self.A, self.Bm, self.b, self.c), self.vel, grads):
            v[:] = 0.9 * v + 0.001 * (g - 1e-4 * p); p += v
models = {}
info = {"numpy": np.__version__}
try:
    import sklearn
    from sklearn.neural_network import BernoulliRBM
    info["sklearn"] = sklearn.__version__
except ImportError as e:
    info["sklearnError"] = str(e)
skl = {}
print(json.dumps(info), flush=True)
for line in sys.stdin:
    name, B, kind, n = line.split(); B, n = int(B), int(n)
    if name == "crbm":
        m = models.get(("crbm", B, kind)) or models.setdefault(("crbm", B, kind), CRBM1(B, *map(int, kind.split("x"))))
        f = m.step
    elif name == "numpy":
        m = models.get((B, kind)) or models.setdefault((B, kind), CD1(B, kind))
        if not hasattr(m, "warm"):
            for i in range(20): m.step(i)
            m.warm = True
        f = m.step
    else:
        if B not in skl:
            skl[B] = (BernoulliRBM(n_components=nh, batch_size=B, learning_rate=0.1, random_state=0), CD1(B, "bernoulli").X)
            skl[B][0].partial_fit(skl[B][1][:B])
        r, X = skl[B]
        f = lambda i: r.partial_fit(X[(i % 50) * B:(i % 50 + 1) * B])
    t = time.perf_counter()
    for i in range(n): f(i)
    print(n / (time.perf_counter() - t), flush=True)
`;

interface Peer {
  info: Record<string, string>;
  /** For 'crbm', `visible` is the shape `${nVisible}x${nHidden}x${order}` (Gaussian visibles). */
  rate(name: 'numpy' | 'sklearn' | 'crbm', batch: number, visible: string, n: number): Promise<number>;
  close(): void;
}

async function startPython(): Promise<Peer | string> {
  const child = spawn(PYTHON_CMD[0], [...PYTHON_CMD.slice(1), '-c', PYTHON], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) return `skipped: /usr/bin/python3 with numpy did not run (${stderr.trim().split('\n').pop() ?? 'no output'})`;
  return {
    info: JSON.parse(first.value),
    async rate(name, batch, visible, n) {
      child.stdin.write(`${name} ${batch} ${visible} ${n}\n`);
      return Number((await lines.next()).value);
    },
    close: () => child.stdin.end(),
  };
}

/** Runs fit() for `rounds` epochs of `steps` batches; after each epoch, `between()` runs (the peers' bursts). */
async function ourRates(backend: BackendName, batch: number, visible: VisibleType, steps: number, rounds: number, between: () => Promise<void>): Promise<number[]> {
  await initBackend({ backend, log: () => {} });
  const rng = new Random(1);
  const n = batch * steps;
  const data = { rows: n, cols: NV, data: visible === 'gaussian' ? rng.fillNormal(new Float32Array(n * NV)) : new Float32Array(n * NV).map(() => (rng.next() < 0.3 ? 1 : 0)) };
  const rbm = new RBM({ nVisible: NV, nHidden: NH, seed: 1, visible, ...(visible === 'gaussian' ? { sigma: 1 } : {}) });
  const rates: number[] = [];
  await rbm.fit(data, {
    epochs: rounds + 1, batchSize: batch, monitorRows: 1, // epoch 0 warms up; metrics on 1 row cost ~nothing
    learningRate: visible === 'gaussian' ? 0.001 : 0.1,
    onEpoch: async (m) => {
      if (m.epoch > 0) rates.push(steps / m.seconds);
      await between();
    },
  });
  return rates;
}

/** CRBM shape of the bench line: 128 log-mel bands, 256 hidden, 5 frames of history (Gaussian visibles). */
const CRBM = { nVisible: 128, nHidden: 256, order: 5 };

/** The ConditionalRBM's fit() epochs, as ourRates does for the RBM. */
async function crbmRates(batch: number, steps: number, rounds: number, between: () => Promise<void>): Promise<{ rates: number[]; backend: string }> {
  const rng = new Random(3);
  const frames = batch * steps + CRBM.order;
  const seq = { rows: frames, cols: CRBM.nVisible, data: rng.fillNormal(new Float32Array(frames * CRBM.nVisible)) };
  const crbm = new ConditionalRBM({ ...CRBM, seed: 1 });
  const rates: number[] = [];
  await crbm.fit([seq], {
    epochs: rounds + 1, batchSize: batch, learningRate: 0.001,
    onEpoch: async (m) => {
      if (m.epoch > 0) rates.push(steps / m.seconds);
      await between();
    },
  });
  return { rates, backend: backendName() };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The 1, 5 and 15 minute load averages (2 cores here: above 2 means processes wait for a core). */
function loadAverage(): string {
  return loadavg().map((x) => x.toFixed(2)).join(', ');
}

async function rssOnFullSizeData(backend: BackendName): Promise<string> {
  await initBackend({ backend, log: () => {} });
  const rows = 20000;
  const rng = new Random(2);
  const data = { rows, cols: NV, data: rng.fillNormal(new Float32Array(rows * NV)) };
  const validation = { rows: 2000, cols: NV, data: rng.fillNormal(new Float32Array(2000 * NV)) };
  const before = process.memoryUsage().rss;
  const rbm = new RBM({ nVisible: NV, nHidden: NH, visible: 'gaussian', seed: 3 });
  const t = performance.now();
  const h = await rbm.fit(data, { epochs: 2, validation });
  const s = (performance.now() - t) / 1000;
  const mb = (x: number) => (x / 2 ** 20).toFixed(0);
  return `Gaussian RBM 513 × 256 (learned σ) on ${rows} frames (+2000 held out), 2 epochs on ${h.backend} in ${s.toFixed(1)} s: ` +
    `RSS ${mb(before)} MB before training (runtimes loaded; data ${mb(data.data.byteLength + validation.data.byteLength)} MB), ${mb(process.memoryUsage().rss)} MB after, peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`;
}

async function main() {
  console.log(`CD-1 training through RBM.fit, ${NV} visible × ${NH} hidden, fp32, steps/s: median of ${ROUNDS} interleaved bursts`);
  console.log(`load average at start: ${loadAverage()} (other processes share the cores; the ratios come from one interleaved run)`);
  console.log(`Python peers: ${PYTHON_CMD.join(' ')} (OpenBLAS core type autodetected, default threads)`);
  const peer = await startPython();
  if (typeof peer === 'string') console.log(peer);
  const hasSklearn = typeof peer !== 'string' && !!peer.info.sklearn;
  if (typeof peer !== 'string' && !hasSklearn) console.log(`sklearn: skipped (${peer.info.sklearnError})`);
  const engines: [BackendName, number][] = [];
  try {
    require('@tensorflow/tfjs-node');
    engines.push(['tensorflow', 200]);
  } catch {
    console.log('tensorflow: skipped, @tensorflow/tfjs-node does not load here');
  }
  if (onnxAvailable()) engines.push(['onnx', 200]);
  else console.log('onnx: skipped, onnxruntime-node (optional dependency) does not load');
  const fast = engines.map(([name]) => name);
  engines.push(['wasm', 40], ['cpu', 4]);

  // Each line: our engine at one (batch, visible) setting, with the peers measured between its epochs.
  const lines: { label: string; ours: number; numpy?: number; sklearn?: number }[] = [];
  const settings: [BackendName, number, VisibleType, number, number][] = [];
  for (const [name, steps] of engines) {
    const rounds = name === 'cpu' ? 2 : name === 'wasm' ? Math.min(ROUNDS, 4) : ROUNDS;
    settings.push([name, 64, 'bernoulli', steps, rounds]);
    if (fast.includes(name)) settings.push([name, 10, 'bernoulli', steps * 4, rounds], [name, 64, 'gaussian', steps, rounds], [name, 10, 'gaussian', steps * 4, rounds]);
  }
  for (const [name, batch, visible, steps, rounds] of settings) {
    const np: number[] = [];
    const sk: number[] = [];
    const withPeers = typeof peer !== 'string' && fast.includes(name);
    const rates = await ourRates(name, batch, visible, steps, rounds, async () => {
      if (!withPeers) return;
      np.push(await peer.rate('numpy', batch, visible, batch === 64 ? 200 : 800));
      if (hasSklearn && visible === 'bernoulli') sk.push(await peer.rate('sklearn', batch, visible, batch === 64 ? 50 : 200));
    });
    lines.push({ label: `${name}, batch ${batch}, ${visible}`, ours: median(rates), numpy: np.length ? median(np) : undefined, sklearn: sk.length ? median(sk) : undefined });
  }
  {
    const np: number[] = [];
    // The CRBM trains with tfjs ops: on the onnx engine's install that is tfjs-wasm (no onnx graph for it yet).
    await initBackend({ backend: (fast[0] ?? 'wasm') as BackendName, log: () => {} });
    const { rates, backend } = await crbmRates(64, 50, Math.min(ROUNDS, 5), async () => {
      if (typeof peer !== 'string') np.push(await peer.rate('crbm', 64, `${CRBM.nVisible}x${CRBM.nHidden}x${CRBM.order}`, 100));
    });
    lines.push({ label: `ConditionalRBM ${CRBM.nVisible}×${CRBM.nHidden}, order ${CRBM.order} (${backend}), batch 64, gaussian`, ours: median(rates), numpy: np.length ? median(np) : undefined });
  }
  if (typeof peer !== 'string') peer.close();
  const ratio = (x?: number, y?: number) => (x && y ? (x / y).toFixed(2) : '–');
  const num = (x?: number) => (x ? x.toFixed(0) : '–');
  const rows: string[][] = [['rbm-music fit(): engine, batch, visible units', 'steps/s', 'numpy', 'sklearn', '× numpy', '× sklearn']];
  for (const l of lines) rows.push([l.label, num(l.ours), num(l.numpy), num(l.sklearn), ratio(l.ours, l.numpy), ratio(l.ours, l.sklearn)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
  if (typeof peer !== 'string') console.log(`numpy ${peer.info.numpy}${hasSklearn ? `, scikit-learn ${peer.info.sklearn}` : ''}; the peers' figures on each line were measured between that line's epochs`);
  console.log(`load average at end: ${loadAverage()}`);
  const main64 = lines.find((l) => l.label === `${fast[0]}, batch 64, bernoulli`);
  if (main64?.numpy && main64.sklearn) {
    const met = main64.ours >= main64.numpy && main64.ours >= 2.5 * main64.sklearn;
    console.log(`target (issue 13) ≥ 1× numpy and ≥ 2.5× sklearn at batch 64: ${fast[0]} is ${ratio(main64.ours, main64.numpy)}× numpy, ${ratio(main64.ours, main64.sklearn)}× sklearn → ${met ? 'met' : 'NOT met'}`);
  }
  console.log(await rssOnFullSizeData((fast[0] ?? 'wasm') as BackendName));
}

void main();
