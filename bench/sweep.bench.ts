/**
 * Sweep throughput: the same 4-trial grid run on 1 worker thread and on 2 (this machine has 2 cores), as a
 * speedup ratio, for both engines a worker can use: wasm (single-threaded) and onnx with one thread per worker
 * when several workers run (RBM_ONNX_THREADS=1, set by the pool; the sweep default when onnx is installed). Peer: scikit-learn's BernoulliRBM over the same grid with joblib n_jobs=1 vs 2, run in the same
 * invocation with /usr/bin/python3 (OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset, 1 BLAS thread per job).
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { sweep } from '../src/sweep';
import { onnxAvailable } from '../src/rbm';
import { Random } from '../src/util/random';

const rows = 8192, cols = 128;
const rng = new Random(1);
// Binary data with structure (Bernoulli visibles, so the Python peer runs the same model family).
const protos = Array.from({ length: 16 }, () => Float32Array.from({ length: cols }, () => (rng.next() < 0.3 ? 1 : 0)));
const make = (n: number): { rows: number; cols: number; data: Float32Array } => {
  const data = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) {
    const p = protos[rng.int(16)];
    for (let j = 0; j < cols; j++) data[i * cols + j] = rng.next() < 0.05 ? 1 - p[j] : p[j];
  }
  return { rows: n, cols, data };
};
const train = make(rows), validation = make(512);
const grid = { learningRate: [0.01, 0.05], nHidden: [128, 256] };
const base = { epochs: 10, batchSize: 64, visible: 'bernoulli' };

async function timeSweep(workers: number, workerBackend: 'wasm' | 'onnx' = 'wasm'): Promise<number> {
  const t = performance.now();
  const r = await sweep({ grid, train, validation, base, workers, seed: 1, earlyStop: false, workerBackend });
  if (r.trials.some((x) => x.status !== 'completed')) throw new Error(`a trial did not complete: ${JSON.stringify(r.trials.map((x) => x.reason))}`);
  return (performance.now() - t) / 1000;
}

function pythonPeer(): string {
  const code = `
import time, numpy as np
from sklearn.neural_network import BernoulliRBM
from joblib import Parallel, delayed
rng = np.random.default_rng(1)
protos = (rng.random((16, ${cols})) < 0.3).astype(np.float64)
X = protos[rng.integers(0, 16, ${rows})]
flip = rng.random(X.shape) < 0.05
X = np.where(flip, 1 - X, X)
grid = [(lr, nh) for lr in (0.01, 0.05) for nh in (128, 256)]
def fit(lr, nh):
    BernoulliRBM(n_components=nh, learning_rate=lr, n_iter=10, batch_size=64, random_state=1).fit(X)
out = []
for jobs in (1, 2):
    t = time.perf_counter(); Parallel(n_jobs=jobs)(delayed(fit)(lr, nh) for lr, nh in grid); out.append(time.perf_counter() - t)
print(f"{out[0]:.2f} {out[1]:.2f}")
`;
  const r = spawnSync('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS=1', 'OMP_NUM_THREADS=1', '/usr/bin/python3', '-c', code], { encoding: 'utf8' });
  if (r.status !== 0) return `Python peer skipped (/usr/bin/python3 with numpy, sklearn and joblib not available: ${(r.stderr || '').trim().split('\n').pop()})`;
  const [one, two] = r.stdout.trim().split(' ').map(Number);
  return `sklearn BernoulliRBM, joblib n_jobs=1: ${one.toFixed(2)} s, n_jobs=2: ${two.toFixed(2)} s → speedup ${(one / two).toFixed(2)}× (run with OPENBLAS_CORETYPE unset, 1 BLAS thread per job)`;
}

async function main(): Promise<void> {
  console.log(`sweep: 4 trials (learningRate × nHidden), ${rows} × ${cols} Bernoulli data, 10 epochs each, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start`);
  await timeSweep(1); // warm-up: first worker start compiles the TypeScript through tsx
  const one = await timeSweep(1);
  const two = await timeSweep(2);
  console.log(`rbm-music sweep, wasm engine (1 thread each), 1 worker: ${one.toFixed(2)} s, 2 workers: ${two.toFixed(2)} s → speedup ${(one / two).toFixed(2)}×`);
  if (onnxAvailable()) {
    const o1 = await timeSweep(1, 'onnx');
    const o2 = await timeSweep(2, 'onnx');
    console.log(`rbm-music sweep, onnx engine (1 worker: 2 threads; 2 workers: 1 thread each), 1 worker: ${o1.toFixed(2)} s, 2 workers: ${o2.toFixed(2)} s → speedup ${(o1 / o2).toFixed(2)}× (vs wasm 2 workers: ${(two / o2).toFixed(2)}× faster)`);
  } else console.log('onnx engine not installed: its rows are skipped');
  console.log(pythonPeer());
}

void main();
