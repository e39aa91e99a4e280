/**
 * Speed of the spectral features on a 30 s clip at 16 kHz (nFft 1024, hop 256, periodic Hann, centred):
 * STFT, iSTFT and 32 iterations of fast Griffin-Lim, beside numpy doing the same work in the same invocation
 * (a librosa-style rfft STFT, irfft overlap-add iSTFT with window-sum-square normalisation, and librosa's
 * Griffin-Lim loop; librosa itself is not installed here). Also our mel spectrogram and NNLS mel inversion
 * (no peer: librosa's L-BFGS-B inversion is a different algorithm).
 *
 *   npm run bench -- features      (or: node --import tsx bench/features.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { griffinLim, istft, magnitude, melSpectrogram, melToLinear, spectralConvergence, stft } from '../src/features';
import { Random } from '../src/util/random';

const SR = 16000;
const SECONDS = 30;
const N_FFT = 1024;
const HOP = 256;
const N_ITER = 32;

/** A 30 s test clip: two slowly gliding tones with harmonics plus a little seeded noise. */
function clip(): Float32Array {
  const n = SR * SECONDS;
  const y = new Float32Array(n);
  const rng = new Random(0);
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const phase = 2 * Math.PI * (220 * t - (220 * 0.25 / (2 * Math.PI * 0.1)) * Math.cos(2 * Math.PI * 0.1 * t));
    y[i] = 0.3 * Math.sin(phase) + 0.15 * Math.sin(2 * phase) + 0.1 * Math.sin(2 * Math.PI * 660 * t) + 0.02 * rng.normal();
  }
  return y;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => unknown, reps: number): number {
  f(); // warm up the JIT
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    ts.push((performance.now() - t) / 1000);
  }
  return median(ts);
}

const PYTHON = `
import json, time
import numpy as np
sr, seconds, n_fft, hop, n_iter = ${SR}, ${SECONDS}, ${N_FFT}, ${HOP}, ${N_ITER}
t = np.arange(sr * seconds) / sr
phase = 2 * np.pi * (220 * t - (220 * 0.25 / (2 * np.pi * 0.1)) * np.cos(2 * np.pi * 0.1 * t))
rng = np.random.default_rng(0)
y = (0.3 * np.sin(phase) + 0.15 * np.sin(2 * phase) + 0.1 * np.sin(2 * np.pi * 660 * t) + 0.02 * rng.standard_normal(t.size)).astype(np.float32)
window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)).astype(np.float32)  # periodic Hann

def stft(x):  # librosa.stft(center=True, pad_mode='constant'), bins x frames, complex64
    x = np.pad(x, (n_fft // 2, n_fft // 2))
    n_frames = 1 + (len(x) - n_fft) // hop
    frames = np.lib.stride_tricks.as_strided(x, shape=(n_frames, n_fft), strides=(hop * x.itemsize, x.itemsize))
    return np.fft.rfft(frames * window, axis=1).T.astype(np.complex64)

def istft(D):  # librosa.istft(center=True): irfft, window, overlap-add, divide by window sum-square
    n_frames = D.shape[1]
    frames = np.fft.irfft(D.T, n=n_fft, axis=1).astype(np.float32) * window
    n = n_fft + hop * (n_frames - 1)
    out = np.zeros(n, np.float32)
    wss = np.zeros(n, np.float32)
    w2 = window ** 2
    for i in range(n_frames):
        out[i * hop:i * hop + n_fft] += frames[i]
        wss[i * hop:i * hop + n_fft] += w2
    nz = wss > np.finfo(np.float32).tiny
    out[nz] /= wss[nz]
    return out[n_fft // 2: n - n_fft // 2]

def griffinlim(S, momentum=0.99):  # librosa.griffinlim(n_iter, momentum, init='random')
    angles = np.exp(2j * np.pi * np.random.default_rng(0).random(S.shape)).astype(np.complex64) * S
    tprev = None
    eps = np.finfo(np.float32).tiny
    for _ in range(n_iter):
        rebuilt = stft(istft(angles))
        angles[:] = rebuilt
        if tprev is not None:
            angles -= (momentum / (1 + momentum)) * tprev
        angles /= np.abs(angles) + eps
        angles *= S
        tprev = rebuilt
    return istft(angles)

def timeit(f, reps):
    f()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return sorted(ts)[len(ts) // 2]

D = stft(y)
S = np.abs(D)
out = {"numpy": np.__version__}
out["stft"] = timeit(lambda: stft(y), 5)
out["istft"] = timeit(lambda: istft(D), 5)
t0 = time.perf_counter(); yg = griffinlim(S); out["griffinLim"] = time.perf_counter() - t0
Sg = np.abs(stft(yg))
out["sc"] = float(np.linalg.norm(S - Sg) / np.linalg.norm(S))
print(json.dumps(out))
`;

function pythonPeer(): Record<string, any> | string {
  const r = spawnSync('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', '/usr/bin/python3', '-c', PYTHON], { encoding: 'utf8' });
  if (r.status !== 0) return `numpy peer skipped: /usr/bin/python3 with numpy did not run (${(r.stderr || String(r.error)).trim().split('\n').pop()})`;
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function main(): void {
  const y = clip();
  const opts = { nFft: N_FFT, hopLength: HOP };
  console.log(`${SECONDS} s clip at ${SR} Hz, nFft ${N_FFT}, hop ${HOP}, periodic Hann, centred; median seconds (machine shared: expect noise)`);
  const D = stft(y, opts);
  const S = magnitude(D);
  const ours: Record<string, number> = {};
  ours.stft = time(() => stft(y, opts), 5);
  ours.istft = time(() => istft(D, { hopLength: HOP }), 5);
  let t = performance.now();
  const yg = griffinLim(S, { hopLength: HOP, nIter: N_ITER, momentum: 0.99, seed: 0 });
  ours.griffinLim = (performance.now() - t) / 1000;
  const sc = spectralConvergence(S, magnitude(stft(yg, opts)));
  const M = melSpectrogram(y, { sampleRate: SR, ...opts, nMels: 128, power: 1 });
  const melTime = time(() => melSpectrogram(y, { sampleRate: SR, ...opts, nMels: 128, power: 1 }), 3);
  t = performance.now();
  melToLinear(M, { sampleRate: SR, nFft: N_FFT, power: 1 });
  const nnlsTime = (performance.now() - t) / 1000;

  console.log('numpy peer: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 (numpy pocketfft rfft/irfft, same algorithms)');
  const py = pythonPeer();
  if (typeof py === 'string') console.log(py);
  const peer = typeof py === 'string' ? undefined : py;
  const rows: string[][] = [['work', 'rbm-music (s)', `numpy ${peer?.numpy ?? ''} (s)`, 'ours / numpy']];
  const fmt = (x?: number) => (x === undefined ? 'n/a' : x.toFixed(3));
  for (const [key, label] of [['stft', 'STFT (complex, 1876 frames × 513)'], ['istft', 'iSTFT (overlap-add + window sum-square)'], ['griffinLim', `fast Griffin-Lim, ${N_ITER} iterations`]]) {
    const p = peer?.[key] as number | undefined;
    rows.push([label, fmt(ours[key]), fmt(p), p ? `${(ours[key] / p).toFixed(2)}×` : 'n/a']);
  }
  rows.push(['mel spectrogram (128 bands)', fmt(melTime), 'n/a', '']);
  rows.push(['melToLinear (NNLS, 100 iterations/frame)', fmt(nnlsTime), 'n/a', '']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
  console.log(`spectral convergence after ${N_ITER} fast-GL iterations: ours ${sc.toFixed(4)}${peer ? `, numpy ${peer.sc.toFixed(4)}` : ''} (same work, different random phases)`);
}

main();
