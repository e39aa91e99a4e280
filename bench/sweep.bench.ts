/**
 * Sweep throughput on worker threads. What it measures, exactly: one `sweep()` call over an 8-trial grid
 * (learningRate 0.01, 0.05 × nHidden 64, 128, 192, 256; 10 epochs, batch 64, CD-1, Bernoulli visibles) on
 * 8192 × 128 binary training rows and 512 validation rows, wall clock from the call to its return, run with 1
 * worker thread and with 2 (this machine has 2 cores), for both engines a worker can use: wasm (single-threaded)
 * and onnx (one onnx thread per worker, RBM_ONNX_THREADS=1, set by the pool so results do not depend on the
 * worker count).
 *
 * Besides the wall-clock speedup it prints where the time went: worker start-up (thread + TypeScript loader +
 * tfjs/onnxruntime load + engine init, until the last worker is ready), the trials' own training time, idle
 * worker time at the end, and the speedup with start-up excluded (ready → done), which is what longer sweeps
 * approach. It also prints how much CPU other processes used during each run: the machine is shared, and a
 * busy neighbour takes a core away from the 2-worker run first. Each worker's own CPU time (its thread's, from
 * /proc) says how much of a core it really had while training, and the CPU-time speedup (the 1-worker run's
 * worker CPU over the busier 2-worker thread's) is what two free cores would give if CPU time did not change:
 * it separates "the work grew with 2 workers" from "the machine gave us less than 2 cores".
 *
 * The onnx rows are the median of RBM_SWEEP_BENCH_PAIRS (default 3) interleaved 1-worker / 2-worker pairs; each
 * pair's own figures and the other processes' CPU during it are printed too. wasm (slower) runs one pair.
 *
 * Peer: scikit-learn's BernoulliRBM over the same grid with joblib n_jobs=1 vs 2, in the same invocation with
 * /usr/bin/python3 (OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset, 1 BLAS thread per job).
 *
 * Last, the machine's ceiling (see machineCeiling): one fixed single-threaded job alone vs two copies at once.
 */
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { sweep, type SweepResult } from '../src/sweep';
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
const learningRates = [0.01, 0.05], hidden = [64, 128, 192, 256];
const grid = { learningRate: learningRates, nHidden: hidden };
const base = { epochs: 10, batchSize: 64, visible: 'bernoulli' };
const PAIRS = Math.max(1, Number(process.env.RBM_SWEEP_BENCH_PAIRS) || 3);

/** CPU seconds used by all processes since boot (from /proc/stat), or NaN where there is no /proc. */
function machineCpuSeconds(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100; // user nice system irq softirq steal, USER_HZ = 100
  } catch {
    return NaN;
  }
}

interface Run { wall: number; ready: number; trials: number; idle: number; ours: number; others: number; workerCpu: number[]; readyCpu: number[]; share: number[]; result: SweepResult }

async function timeSweep(workers: number, workerBackend: 'wasm' | 'onnx'): Promise<Run> {
  const m0 = machineCpuSeconds(), c0 = process.cpuUsage();
  const r = await sweep({ grid, train, validation, base, workers, seed: 1, earlyStop: false, workerBackend });
  const c = process.cpuUsage(c0);
  if (r.trials.some((x) => x.status !== 'completed')) throw new Error(`a trial did not complete: ${JSON.stringify(r.trials.map((x) => x.reason))}`);
  const { seconds: wall, readySeconds = [0], doneSeconds = [wall], cpuSeconds = [NaN], readyCpuSeconds = [NaN] } = r.timing;
  const last = Math.max(...doneSeconds);
  return {
    wall, ready: Math.max(...readySeconds), trials: r.trials.reduce((s, t) => s + t.seconds, 0),
    idle: doneSeconds.reduce((s, d) => s + (last - d), 0),
    ours: (c.user + c.system) / 1e6, others: machineCpuSeconds() - m0 - (c.user + c.system) / 1e6,
    workerCpu: cpuSeconds, readyCpu: readyCpuSeconds,
    share: cpuSeconds.map((cs, w) => (cs - readyCpuSeconds[w]) / (doneSeconds[w] - readySeconds[w])), result: r,
  };
}

const f2 = (x: number): string => x.toFixed(2);
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
/** The speedup two free cores would give if each thread's CPU time stayed what it was: 1 worker's CPU over the busier of 2. */
const cpuSpeedup = (one: Run, two: Run): number => Math.max(...one.workerCpu) / Math.max(...two.workerCpu);

function describe(name: string, one: Run, two: Run): void {
  console.log(`${name}: 1 worker ${f2(one.wall)} s, 2 workers ${f2(two.wall)} s → speedup ${f2(one.wall / two.wall)}×; `
    + `excluding start-up (last worker ready → done): ${f2(one.wall - one.ready)} s → ${f2(two.wall - two.ready)} s = ${f2((one.wall - one.ready) / (two.wall - two.ready))}×; `
    + `CPU-time speedup ${f2(cpuSpeedup(one, two))}×`);
  for (const [w, r] of [[1, one], [2, two]] as const) {
    console.log(`  ${w} worker${w > 1 ? 's' : ' '}: start-up ${f2(r.ready)} s, trial training ${f2(r.trials)} s summed over trials, `
      + `idle at the end ${f2(r.idle)} worker-s; this process used ${f2(r.ours)} CPU-s (${f2(r.ours / r.wall)} cores on average), other processes ${f2(r.others)} CPU-s (${f2(r.others / r.wall)} cores)`);
    console.log(`             worker thread CPU ${r.workerCpu.map(f2).join(' + ')} s (start-up ${r.readyCpu.map(f2).join(' + ')}); `
      + `share of a core while training: ${r.share.map(pct).join(', ')}`);
  }
  const same = one.result.trials.every((t, i) => t.metric === two.result.trials[i].metric);
  console.log(`  same seeds → same trial metrics with 1 and 2 workers: ${same ? 'yes' : 'NO'}`);
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
grid = [(lr, nh) for lr in ${JSON.stringify(learningRates)} for nh in ${JSON.stringify(hidden)}]
def fit(lr, nh):
    BernoulliRBM(n_components=nh, learning_rate=lr, n_iter=${base.epochs}, batch_size=${base.batchSize}, random_state=1).fit(X)
out = []
for jobs in (1, 2):
    t = time.perf_counter(); Parallel(n_jobs=jobs)(delayed(fit)(lr, nh) for lr, nh in grid); out.append(time.perf_counter() - t)
print(f"{out[0]:.2f} {out[1]:.2f}")
`;
  const r = spawnSync('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS=1', 'OMP_NUM_THREADS=1', '/usr/bin/python3', '-c', code], { encoding: 'utf8' });
  if (r.status !== 0) return `Python peer skipped (/usr/bin/python3 with numpy, sklearn and joblib not available: ${(r.stderr || '').trim().split('\n').pop()})`;
  const [one, two] = r.stdout.trim().split(' ').map(Number);
  return `sklearn BernoulliRBM, joblib n_jobs=1: ${f2(one)} s, n_jobs=2: ${f2(two)} s → speedup ${f2(one / two)}× (same grid and data sizes; OPENBLAS_CORETYPE unset, 1 BLAS thread per job; joblib's process start-up included)`;
}

/**
 * The machine's own ceiling: a fixed single-threaded job (matrix–vector products on a 256 × 256 matrix, which
 * fits in each core's cache) timed on one worker thread alone, then on two at once. Two independent copies share
 * nothing, so their throughput over one copy's is what two busy cores give *any* program here — a sweep cannot
 * scale beyond it. On a VM the two vCPUs may share the host's caches, memory bandwidth and clock with neighbours.
 */
async function machineCeiling(rounds = 5): Promise<{ alone: number[]; pair: number[]; speedup: number }> {
  const job = `
    const { parentPort } = require('node:worker_threads');
    const n = 256, A = new Float32Array(n * n).map((_, i) => Math.sin(i)), x = new Float32Array(n).fill(1), y = new Float32Array(n);
    const t0 = performance.now();
    for (let it = 0; it < 6000; it++) {
      for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += A[i * n + j] * x[j]; y[i] = s * 1e-3; }
      x.set(y);
    }
    parentPort.postMessage((performance.now() - t0) / 1000);`;
  const run = (): Promise<number> => new Promise((resolve, reject) => {
    const w = new Worker(job, { eval: true });
    w.once('message', (sec: number) => { void w.terminate(); resolve(sec); });
    w.once('error', reject);
  });
  await run(); // warm-up (JIT, page faults)
  // Interleaved rounds, medians: this VM's speed drifts by a third from one second to the next.
  const alone: number[] = [], pair: number[] = [];
  for (let r = 0; r < rounds; r++) {
    alone.push(await run());
    pair.push(Math.max(...(await Promise.all([run(), run()]))));
  }
  return { alone, pair, speedup: (2 * median(alone)) / median(pair) };
}

async function main(): Promise<void> {
  console.log(`sweep: ${learningRates.length * hidden.length} trials (learningRate ${learningRates.join(', ')} × nHidden ${hidden.join(', ')}), ${rows} × ${cols} Bernoulli data, `
    + `${base.epochs} epochs each, one sweep() call timed end to end; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start`);
  // Warm-up: the first worker ever started fills tsx's compile cache; not part of any timing.
  await sweep({ grid: { nHidden: [8] }, train: validation, validation, base: { ...base, epochs: 1 }, workers: 1, earlyStop: false, workerBackend: 'wasm' });
  const one = await timeSweep(1, 'wasm');
  const two = await timeSweep(2, 'wasm');
  describe('rbm-music sweep, wasm engine (single-threaded)', one, two);
  if (onnxAvailable()) {
    const pairs: [Run, Run][] = [];
    for (let i = 0; i < PAIRS; i++) {
      const load = os.loadavg()[0];
      pairs.push([await timeSweep(1, 'onnx'), await timeSweep(2, 'onnx')]);
      const [o1, o2] = pairs[i];
      console.log(`  onnx pair ${i + 1}/${PAIRS} (load average ${load.toFixed(1)} before it): 1 worker ${f2(o1.wall)} s, 2 workers ${f2(o2.wall)} s → ${f2(o1.wall / o2.wall)}× `
        + `(CPU-time ${f2(cpuSpeedup(o1, o2))}×); other processes used ${f2(o1.others / o1.wall)} and ${f2(o2.others / o2.wall)} cores`);
    }
    const mid = pairs.map((p, i) => [p[0].wall / p[1].wall, i]).sort((a, b) => a[0] - b[0])[pairs.length >> 1][1];
    describe(`rbm-music sweep, onnx engine (1 thread per worker), the median of ${PAIRS} pairs by speedup`, ...pairs[mid]);
    console.log(`  onnx: median speedup ${f2(median(pairs.map(([a, b]) => a.wall / b.wall)))}× (target ≥ 1.8×), median CPU-time speedup ${f2(median(pairs.map(([a, b]) => cpuSpeedup(a, b))))}×`);
    console.log(`  onnx 2 workers vs wasm 2 workers: ${f2(two.wall / pairs[mid][1].wall)}× faster`);
  } else console.log('onnx engine not installed: its rows are skipped');
  console.log(pythonPeer());
  const c = await machineCeiling();
  console.log(`machine ceiling: a fixed single-threaded job alone ${c.alone.map(f2).join(', ')} s; two copies at once (the slower) `
    + `${c.pair.map(f2).join(', ')} s → two cores give ${f2(c.speedup)}× one (medians of 5 interleaved rounds): what two independent `
    + 'copies of one job get, a bound for a sweep measured at another moment only as far as the machine holds still');
}

void main();
