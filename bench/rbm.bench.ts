/**
 * Speed of one CD-1 training step at 513 visible × 256 hidden × batch 64 (fp32), for every RBM engine that loads
 * here, beside numpy (hand-written CD-1) and scikit-learn (BernoulliRBM.partial_fit) run from this same script.
 * A step = draw the random numbers, compute the CD-1 gradient, apply the momentum/decay update (what fit() does).
 * Then the memory (RSS) of training on a full-size data set (20k frames × 513).
 *
 *   npm run bench -- rbm          (or: node --import tsx bench/rbm.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { RBM, initBackend, onnxAvailable, type BackendName } from '../src/rbm';
import { Random } from '../src/util/random';

const NV = 513;
const NH = 256;
const B = 64;

/**
 * Rounds: every implementation is timed once per round, rounds interleaved, and the best round counts (like
 * Python's timeit): on a shared machine the best run is the one least disturbed by other processes.
 */
const ROUNDS = Number(process.env.RBM_BENCH_ROUNDS ?? 3);

/** Training steps per second through the real fit() loop: the best of `epochs` epochs of `steps` batches. */
async function ourStepsPerSecond(backend: BackendName, steps: number, epochs: number): Promise<number> {
  await initBackend({ backend, log: () => {} });
  const rng = new Random(1);
  const data = { rows: B * steps, cols: NV, data: new Float32Array(B * steps * NV).map(() => (rng.next() < 0.3 ? 1 : 0)) };
  const rbm = new RBM({ nVisible: NV, nHidden: NH, seed: 1 });
  const perEpoch: number[] = [];
  let t = performance.now();
  await rbm.fit(data, {
    epochs: epochs + 1, batchSize: B, monitorRows: 1, // the first epoch warms up; metrics cost ~nothing on 1 row
    onEpoch: (m) => {
      const now = performance.now();
      if (m.epoch > 0) perEpoch.push(steps / ((now - t) / 1000));
      t = now;
    },
  });
  return Math.max(...perEpoch);
}

const PYTHON = `
import json, time, sys
import numpy as np
nv, nh, B = ${NV}, ${NH}, ${B}
rng = np.random.default_rng(0)
X = (rng.random((B * 50, nv)) < 0.3).astype(np.float32)
out = {"numpy": np.__version__}
W = (0.01 * rng.standard_normal((nv, nh))).astype(np.float32); b = np.zeros(nv, np.float32); c = np.zeros(nh, np.float32)
vW = np.zeros_like(W); vb = np.zeros_like(b); vc = np.zeros_like(c)
def sig(x): return 1.0 / (1.0 + np.exp(-x))
def step(v0):
    global W, b, c
    ph0 = sig(v0 @ W + c)
    h0 = (rng.random(ph0.shape, dtype=np.float32) < ph0).astype(np.float32)
    v1 = sig(h0 @ W.T + b)
    ph1 = sig(v1 @ W + c)
    gW = (v0.T @ ph0 - v1.T @ ph1) / B
    vW[:] = 0.9 * vW + 0.1 * (gW - 1e-4 * W); W += vW
    vb[:] = 0.9 * vb + 0.1 * (v0 - v1).mean(0); b += vb
    vc[:] = 0.9 * vc + 0.1 * (ph0 - ph1).mean(0); c += vc
def rate(f, n):
    rates = []
    for rep in range(5):
        t = time.perf_counter()
        for i in range(n): f(X[(i % 50) * B:(i % 50 + 1) * B])
        rates.append(n / (time.perf_counter() - t))
    return max(rates)
for i in range(20): step(X[:B])
out["numpyStepsPerSecond"] = rate(step, 200)
try:
    import sklearn
    from sklearn.neural_network import BernoulliRBM
    m = BernoulliRBM(n_components=nh, batch_size=B, learning_rate=0.1, random_state=0)
    m.partial_fit(X[:B])
    out["sklearn"] = sklearn.__version__
    out["sklearnStepsPerSecond"] = rate(m.partial_fit, 50)
except ImportError as e:
    out["sklearnError"] = str(e)
print(json.dumps(out))
`;

function pythonPeers(): Record<string, any> | string {
  const r = spawnSync('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', '/usr/bin/python3', '-c', PYTHON], { encoding: 'utf8' });
  if (r.status !== 0) return `skipped: /usr/bin/python3 with numpy did not run (${(r.stderr || String(r.error)).trim().split('\n').pop()})`;
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
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
  return `Gaussian RBM 513 × 256 on ${rows} frames (+2000 held out), 2 epochs on ${h.backend} in ${s.toFixed(1)} s: ` +
    `RSS ${mb(before)} MB before (data ${mb(data.data.byteLength + validation.data.byteLength)} MB), ${mb(process.memoryUsage().rss)} MB after, peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`;
}

async function main() {
  console.log(`CD-1 step, ${NV} visible × ${NH} hidden × batch ${B}, fp32, steps/s`);
  const engines: [BackendName, number, number][] = [['onnx', 200, 5], ['wasm', 30, 3], ['cpu', 5, 2]];
  if (!onnxAvailable()) console.log('onnx: skipped, onnxruntime-node does not load (optional dependency)');
  const ours: [string, number][] = [];
  try {
    require('@tensorflow/tfjs-node');
    engines.unshift(['tensorflow', 200, 5]);
  } catch {
    console.log('tensorflow: skipped, @tensorflow/tfjs-node does not load here');
  }
  const bestOf = new Map<string, number>();
  let py: Record<string, any> | string = 'not run';
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, steps, epochs] of engines) {
      if ((name === 'onnx' && !onnxAvailable()) || (round > 0 && name === 'cpu')) continue;
      bestOf.set(name, Math.max(bestOf.get(name) ?? 0, await ourStepsPerSecond(name, steps, epochs)));
    }
    const p = pythonPeers();
    if (typeof p === 'string') py = p;
    else if (typeof py === 'string') py = p;
    else for (const k of ['numpyStepsPerSecond', 'sklearnStepsPerSecond']) py[k] = Math.max(py[k] ?? 0, p[k] ?? 0);
  }
  for (const [name, r] of bestOf) ours.push([name, r]);
  console.log(`best of ${ROUNDS} interleaved rounds (set RBM_BENCH_ROUNDS to change)`);
  console.log('Python peers: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 (OpenBLAS core type autodetected, its default threads)');
  const numpy = typeof py === 'string' ? undefined : py.numpyStepsPerSecond;
  const sklearn = typeof py === 'string' ? undefined : py.sklearnStepsPerSecond;
  if (typeof py === 'string') console.log(py);
  const rows: string[][] = [['implementation', 'steps/s', '× numpy', '× sklearn']];
  const ratio = (x: number, y?: number) => (y ? (x / y).toFixed(2) : 'n/a');
  for (const [name, r] of ours) rows.push([`rbm-music fit(), engine ${name}`, r.toFixed(0), ratio(r, numpy), ratio(r, sklearn)]);
  if (numpy) rows.push([`numpy ${py && typeof py !== 'string' ? py.numpy : ''} hand-written CD-1`, numpy.toFixed(0), '1.00', ratio(numpy, sklearn)]);
  if (sklearn) rows.push([`sklearn ${typeof py !== 'string' ? py.sklearn : ''} BernoulliRBM.partial_fit`, sklearn.toFixed(0), ratio(sklearn, numpy), '1.00']);
  else if (typeof py !== 'string') console.log(`sklearn: skipped (${py.sklearnError})`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
  const best = Math.max(...ours.map(([, r]) => r));
  if (numpy && sklearn) console.log(`target ≥ 2× sklearn and ≥ 0.5× numpy: best engine ${ratio(best, sklearn)}× sklearn, ${ratio(best, numpy)}× numpy → ${best >= 2 * sklearn && best >= 0.5 * numpy ? 'met' : 'NOT met'}`);
  console.log(await rssOnFullSizeData(ours.reduce((a, b) => (b[1] > a[1] ? b : a))[0] as BackendName));
}

void main();
