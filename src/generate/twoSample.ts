/**
 * A classifier two-sample test (Lopez-Paz & Oquab, ICLR 2017): if a simple classifier cannot tell generated
 * snippets from real ones on held-out data, the two sets are alike in what its features see. Here: logistic
 * regression on 1-second snippet features ({@link snippetFeatures}), cross-validated by segment so snippets of
 * one 10 s clip never sit on both sides of a fold. 0.5 = indistinguishable; 1 = always told apart.
 */
import { ParameterError } from '../errors';
import type { Matrix, Seconds } from '../types';
import { melSpectrogram } from '../features';
import { Random } from '../util/random';
import { onsetEnvelope } from './structure';

/** Bands of the snippet's spectral shape: 24 mel bands, about a third of an octave each above 1 kHz. */
export const SNIPPET_BANDS = 24;

/**
 * Features of each `seconds`-long snippet of `y` (snippets × (2·24 + 4)): per band, the mean and standard
 * deviation over the snippet of the level-independent log band energy log(band / frame total + 10⁻⁶); then the
 * onset envelope's mean and standard deviation (how often and how sharply notes start), the median
 * frame-to-frame change of the log bands, and the mean spectral flatness of the bands.
 * @throws {ParameterError} if `y` is shorter than one snippet.
 * @example const F = snippetFeatures(clip.channels[0], { sampleRate: 16000 });
 */
export function snippetFeatures(y: Float32Array, opts: { sampleRate?: number; seconds?: Seconds } = {}): Matrix {
  const sr = opts.sampleRate ?? 16000, seconds = opts.seconds ?? 1;
  const hop = 256, fps = sr / hop;
  const per = Math.round(seconds * fps);
  const M = melSpectrogram(y, { sampleRate: sr, nFft: 1024, hopLength: hop, nMels: SNIPPET_BANDS });
  const onset = onsetEnvelope(y, { sampleRate: sr });
  const n = Math.floor(M.rows / per);
  if (n < 1) throw new ParameterError(`snippetFeatures needs at least ${seconds} s of audio, got ${(y.length / sr).toFixed(2)} s`);
  const B = SNIPPET_BANDS, nF = 2 * B + 4;
  const L = new Float64Array(M.rows * B), flat = new Float64Array(M.rows);
  for (let t = 0; t < M.rows; t++) {
    let total = 0, logSum = 0;
    for (let b = 0; b < B; b++) total += M.data[t * B + b];
    for (let b = 0; b < B; b++) {
      L[t * B + b] = Math.log(M.data[t * B + b] / (total + 1e-20) + 1e-6);
      logSum += Math.log(M.data[t * B + b] + 1e-20);
    }
    flat[t] = total > 0 ? Math.exp(logSum / B) / (total / B) : 0;
  }
  const out = new Float32Array(n * nF);
  for (let s = 0; s < n; s++) {
    const f = out.subarray(s * nF, (s + 1) * nF), t0 = s * per;
    for (let b = 0; b < B; b++) {
      let m = 0, q = 0;
      for (let t = t0; t < t0 + per; t++) m += L[t * B + b];
      m /= per;
      for (let t = t0; t < t0 + per; t++) q += (L[t * B + b] - m) ** 2;
      f[b] = m; f[B + b] = Math.sqrt(q / per);
    }
    let om = 0, oq = 0, fl = 0;
    for (let t = t0; t < t0 + per; t++) { om += onset[t] ?? 0; fl += flat[t]; }
    om /= per;
    for (let t = t0; t < t0 + per; t++) oq += ((onset[t] ?? 0) - om) ** 2;
    const steps: number[] = [];
    for (let t = t0 + 1; t < t0 + per; t++) {
      let d = 0;
      for (let b = 0; b < B; b++) d += (L[t * B + b] - L[(t - 1) * B + b]) ** 2;
      steps.push(Math.sqrt(d / B));
    }
    steps.sort((a, b) => a - b);
    f[2 * B] = om; f[2 * B + 1] = Math.sqrt(oq / per); f[2 * B + 2] = steps[steps.length >> 1] ?? 0; f[2 * B + 3] = fl / per;
  }
  return { rows: n, cols: nF, data: out };
}

/** Options of {@link classifierTwoSampleTest}. */
export interface TwoSampleOptions {
  /** Cross-validation folds over segments (default 4; at most the smaller set's segment count). */
  folds?: number;
  /** L2 penalty of the logistic regression on standardised features (default 0.01: mild, the data are few). */
  l2?: number;
  /** Gradient steps (default 300; the loss is convex and the features standardised). */
  iterations?: number;
  seed?: number;
}

/** What {@link classifierTwoSampleTest} returns. */
export interface TwoSampleResult {
  /** Balanced held-out accuracy: mean of the per-class accuracies (0.5 = chance whatever the class sizes). */
  accuracy: number;
  /** Accuracy on each set's held-out snippets. */
  accuracyA: number;
  accuracyB: number;
  snippetsA: number;
  snippetsB: number;
}

/**
 * Logistic regression (class-weighted, L2) trained to tell set A's snippets from set B's, tested on folds of
 * whole segments. Each set is a list of segments, each segment a snippets × features matrix.
 * @throws {ParameterError} if a set has fewer than 2 segments or the widths differ.
 * @example classifierTwoSampleTest(real.map((y) => snippetFeatures(y)), fake.map((y) => snippetFeatures(y))).accuracy
 */
export function classifierTwoSampleTest(a: Matrix[], b: Matrix[], opts: TwoSampleOptions = {}): TwoSampleResult {
  if (a.length < 2 || b.length < 2) throw new ParameterError(`classifierTwoSampleTest needs at least 2 segments per set, got ${a.length} and ${b.length}`);
  const d = a[0].cols;
  for (const m of [...a, ...b]) if (m.cols !== d) throw new ParameterError(`every segment must have ${d} feature columns, got ${m.cols}`);
  const folds = Math.min(opts.folds ?? 4, a.length, b.length);
  const rng = new Random(opts.seed ?? 0);
  const foldOf = (n: number): number[] => rng.shuffle(Array.from({ length: n }, (_, i) => i % folds));
  const fa = foldOf(a.length), fb = foldOf(b.length);
  let hitA = 0, hitB = 0, nA = 0, nB = 0;
  for (let k = 0; k < folds; k++) {
    const train = [...a.filter((_, i) => fa[i] !== k).map((m) => [m, 1] as const), ...b.filter((_, i) => fb[i] !== k).map((m) => [m, 0] as const)];
    const w = fitLogistic(train, d, opts.l2 ?? 0.01, opts.iterations ?? 300);
    a.forEach((m, i) => { if (fa[i] === k) for (let r = 0; r < m.rows; r++) { nA++; if (w(m, r) > 0) hitA++; } });
    b.forEach((m, i) => { if (fb[i] === k) for (let r = 0; r < m.rows; r++) { nB++; if (w(m, r) <= 0) hitB++; } });
  }
  const accuracyA = hitA / nA, accuracyB = hitB / nB;
  return { accuracy: (accuracyA + accuracyB) / 2, accuracyA, accuracyB, snippetsA: nA, snippetsB: nB };
}

/** Fits class-weighted L2 logistic regression by gradient descent; returns the decision function (logit). */
function fitLogistic(sets: ReadonlyArray<readonly [Matrix, 0 | 1]>, d: number, l2: number, iterations: number): (m: Matrix, r: number) => number {
  const rows: Float64Array[] = [], ys: number[] = [];
  for (const [m, y] of sets) for (let r = 0; r < m.rows; r++) { rows.push(Float64Array.from(m.data.subarray(r * d, (r + 1) * d))); ys.push(y); }
  const n = rows.length;
  const mean = new Float64Array(d), sd = new Float64Array(d);
  for (const x of rows) for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  for (const x of rows) for (let j = 0; j < d; j++) sd[j] += (x[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  for (const x of rows) for (let j = 0; j < d; j++) x[j] = (x[j] - mean[j]) / sd[j];
  const n1 = ys.filter((y) => y === 1).length, n0 = n - n1;
  // Each class weighs half of the loss, so the unequal set sizes do not bias the decision towards the larger one.
  const cw = [0.5 / Math.max(1, n0), 0.5 / Math.max(1, n1)];
  // Step 1/L with L = ¼·λmax(Σᵢ cᵢ xᵢxᵢᵀ) + l2 + ¼ (bias), the loss's curvature bound (power iteration), and
  // Nesterov momentum: converges on correlated features where a fixed step would oscillate.
  let u = new Float64Array(d).fill(1 / Math.sqrt(d)), lambda = 0;
  for (let it = 0; it < 30; it++) {
    const nu = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += rows[i][j] * u[j];
      for (let j = 0; j < d; j++) nu[j] += cw[ys[i]] * z * rows[i][j];
    }
    lambda = Math.sqrt(nu.reduce((s, v) => s + v * v, 0)) || 1;
    u = nu.map((v) => v / lambda);
  }
  const lr = 1 / (0.25 * lambda + l2 + 0.25);
  const w = new Float64Array(d), wPrev = new Float64Array(d), look = new Float64Array(d);
  let bias = 0, biasPrev = 0;
  const g = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    const mom = it / (it + 3);
    for (let j = 0; j < d; j++) look[j] = w[j] + mom * (w[j] - wPrev[j]);
    const lookBias = bias + mom * (bias - biasPrev);
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = rows[i];
      let z = lookBias;
      for (let j = 0; j < d; j++) z += look[j] * x[j];
      const e = (1 / (1 + Math.exp(-z)) - ys[i]) * cw[ys[i]];
      gb += e;
      for (let j = 0; j < d; j++) g[j] += e * x[j];
    }
    wPrev.set(w);
    biasPrev = bias;
    for (let j = 0; j < d; j++) w[j] = look[j] - lr * (g[j] + l2 * look[j]);
    bias = lookBias - lr * gb;
  }
  return (m, r) => {
    let z = bias;
    for (let j = 0; j < d; j++) z += w[j] * ((m.data[r * d + j] - mean[j]) / sd[j]);
    return z;
  };
}
