/**
 * What a ConditionalRBM remembers: its history vector is built from **taps**, each the mean of a range of past
 * frames. Taylor et al.'s CRBM uses the last `order` frames one by one (`recentTaps(3)`: 48 ms of audio at hop
 * 256, 16 kHz). A beat is ≈ 0.5 s and a bar ≈ 2 s, so for music the history can instead reach back in
 * exponentially growing steps (issue 9): `lagTaps(128)` takes single frames 1, 2, 4, …, 128 back;
 * `multiScaleTaps(128)` takes the means of frames 1, 2–3, 4–7, …, 128–255 back (each window an octave of time,
 * so nothing between the lags is skipped). Both cost 8 frames of history parameters for 2 s of memory.
 */
import { ParameterError } from '../../../errors';

/** One part of the history: the mean of the frames `from` … `to` steps back (1 = the previous frame). */
export interface HistoryTap { from: number; to: number }

/** The named ways of building a history (see the module comment). */
export type HistoryKind = 'recent' | 'lags' | 'multiscale';

/** `order` single frames, oldest first: [order … order], …, [1 … 1] (Taylor et al. 2006). */
export function recentTaps(order: number): HistoryTap[] {
  checkCount(order, 'order');
  return Array.from({ length: order }, (_, k) => ({ from: order - k, to: order - k }));
}

/** Single frames at lags 1, 2, 4, … up to and including the first power of two ≥ `span`, oldest first. */
export function lagTaps(span: number): HistoryTap[] {
  checkCount(span, 'span');
  const taps: HistoryTap[] = [];
  for (let l = 1; ; l *= 2) { taps.push({ from: l, to: l }); if (l >= span) break; }
  return taps.reverse();
}

/** Octave windows [1, 1], [2, 3], [4, 7], … until a window reaches ≥ `span` frames back, oldest first. */
export function multiScaleTaps(span: number): HistoryTap[] {
  checkCount(span, 'span');
  const taps: HistoryTap[] = [];
  for (let l = 1; ; l *= 2) { taps.push({ from: l, to: 2 * l - 1 }); if (2 * l - 1 >= span) break; }
  return taps.reverse();
}

/** Taps of a named kind: `recent` uses `frames` as the order, the others as the span to reach. */
export function historyTaps(kind: HistoryKind, frames: number): HistoryTap[] {
  if (kind === 'recent') return recentTaps(frames);
  if (kind === 'lags') return lagTaps(frames);
  if (kind === 'multiscale') return multiScaleTaps(frames);
  throw new ParameterError(`history must be 'recent', 'lags' or 'multiscale', got '${kind}'`);
}

/** Frames of past a history of these taps needs (the largest `to`). */
export function tapSpan(taps: readonly HistoryTap[]): number {
  return taps.reduce((m, t) => Math.max(m, t.to), 0);
}

/** True when the taps are the classic last-`n`-frames history (then the history is a plain slice of rows). */
export function isRecent(taps: readonly HistoryTap[]): boolean {
  return taps.every((t, k) => t.from === t.to && t.from === taps.length - k);
}

/** Checks taps read from options or a file. @throws `Err` naming `where` for empty, unordered or bad ranges. */
export function checkTaps(taps: unknown, where: string, Err: typeof ParameterError = ParameterError): HistoryTap[] {
  if (!Array.isArray(taps) || taps.length === 0) throw new Err(`${where}: taps must be a non-empty array of { from, to }, got ${JSON.stringify(taps)}`);
  for (const t of taps) {
    if (!t || !Number.isInteger(t.from) || !Number.isInteger(t.to) || t.from < 1 || t.to < t.from) {
      throw new Err(`${where}: each tap needs whole numbers 1 ≤ from ≤ to, got ${JSON.stringify(t)}`);
    }
  }
  return taps.map((t) => ({ from: t.from, to: t.to }));
}

/**
 * Writes the history vector of the frame at row `t` of `frames` (rows of nV values) into `out` (taps.length·nV):
 * for each tap, the mean of rows t − to … t − from. Rows before 0 must not be asked for (t ≥ span).
 */
export function historyRow(taps: readonly HistoryTap[], frames: ArrayLike<number>, t: number, nV: number, out: Float32Array | Float64Array, outOff = 0): void {
  taps.forEach((tap, k) => {
    const o = outOff + k * nV;
    for (let i = 0; i < nV; i++) out[o + i] = 0;
    for (let lag = tap.from; lag <= tap.to; lag++) {
      const r = (t - lag) * nV;
      for (let i = 0; i < nV; i++) out[o + i] += frames[r + i];
    }
    const n = tap.to - tap.from + 1;
    if (n > 1) for (let i = 0; i < nV; i++) out[o + i] /= n;
  });
}

/** Running sums of a sequence's rows: row t (t = 0 … rows) holds the sum of rows 0 … t − 1 (for {@link tapMeans}). */
export function runningSums(frames: ArrayLike<number>, nV: number): Float64Array {
  const n = frames.length / nV, cum = new Float64Array((n + 1) * nV);
  for (let t = 0; t < n; t++) for (let i = 0; i < nV; i++) cum[(t + 1) * nV + i] = cum[t * nV + i] + frames[t * nV + i];
  return cum;
}

/**
 * What {@link historyRow} writes, from the sequence's {@link runningSums}: each tap's mean is a difference of two
 * sums, so a 64-frame window costs what a single frame does (for histories of every row of a long sequence).
 */
export function tapMeans(taps: readonly HistoryTap[], cum: Float64Array, t: number, nV: number, out: Float64Array, outOff = 0): void {
  taps.forEach((tap, k) => {
    // Rows t − to … t − from: cum[t − from + 1] − cum[t − to].
    const hi = (t - tap.from + 1) * nV, lo = (t - tap.to) * nV, o = outOff + k * nV, w = 1 / (tap.to - tap.from + 1);
    for (let i = 0; i < nV; i++) out[o + i] = (cum[hi + i] - cum[lo + i]) * w;
  });
}

function checkCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new ParameterError(`${name} must be a positive integer, got ${n}`);
}
