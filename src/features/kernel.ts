/**
 * The STFT engine behind {@link stft}, {@link istft} and {@link griffinLim}: one fft.js plan, one
 * window and preallocated buffers, so Griffin-Lim's hundreds of analysis/synthesis passes allocate nothing
 * per frame. Internal (not exported from the package): use the functions.
 */
import FFT from 'fft.js';
import { getWindow, padCenter } from './window';
import type { ResolvedStft } from './stftOptions';

/** Smallest positive normal float32 (numpy's `tiny`): librosa divides by the window sum only above it. */
const TINY32 = 1.1754943508222875e-38;

export class StftKernel {
  readonly nFft: number;
  readonly nBins: number;
  readonly opts: ResolvedStft;
  /** The analysis/synthesis window, padded to nFft. */
  readonly window: Float64Array;
  /** window / nFft: the synthesis window with the inverse FFT's 1/N folded in. */
  private readonly synthWindow: Float64Array;
  private readonly fft: FFT;
  private readonly zspec: Float64Array;
  private readonly zout: Float64Array;
  private padded = new Float64Array(0);
  private ola = new Float64Array(0);
  private wss = new Float64Array(0);
  private wssFrames = -1;

  constructor(opts: ResolvedStft) {
    this.opts = opts;
    this.nFft = opts.nFft;
    this.nBins = (opts.nFft >> 1) + 1;
    this.window = padCenter(getWindow(opts.window, opts.winLength), opts.nFft);
    this.synthWindow = this.window.map((v) => v / opts.nFft);
    this.fft = new FFT(opts.nFft);
    this.zspec = new Float64Array(2 * opts.nFft);
    this.zout = new Float64Array(2 * opts.nFft);
  }

  /** Number of frames for a signal of `n` samples (librosa: 1 + ⌊(padded − nFft)/hop⌋). */
  frameCount(n: number): number {
    const padded = this.opts.center ? n + 2 * (this.nFft >> 1) : n;
    return padded < this.nFft ? 0 : 1 + Math.floor((padded - this.nFft) / this.opts.hopLength);
  }

  /** Writes the padded signal into an internal buffer (reused across calls of the same length). */
  private pad(y: ArrayLike<number>): Float64Array {
    const half = this.opts.center ? this.nFft >> 1 : 0;
    const len = y.length + 2 * half;
    if (this.padded.length !== len) this.padded = new Float64Array(len);
    const p = this.padded;
    p.fill(0, 0, half);
    p.fill(0, len - half, len);
    for (let i = 0; i < y.length; i++) p[half + i] = y[i];
    if (half > 0 && this.opts.padMode === 'reflect') {
      // numpy 'reflect': mirror about the first/last sample without repeating it
      for (let i = 1; i <= half; i++) {
        p[half - i] = y[i];
        p[half + y.length - 1 + i] = y[y.length - 1 - i];
      }
    }
    return p;
  }

  /**
   * STFT of `y` into `re`/`im` (frames × nBins, row-major); returns the frame count. Two windowed real
   * frames go through one complex FFT (x₁ + i·x₂) and are separated by Hermitian symmetry, which is
   * cheaper than two real transforms with fft.js.
   */
  analyze(y: ArrayLike<number>, re: Float32Array, im: Float32Array): number {
    const p = this.pad(y);
    const nFrames = this.frameCount(y.length);
    const { nFft, nBins, window: w, zspec, zout } = this;
    const hop = this.opts.hopLength;
    for (let t = 0; t < nFrames; t += 2) {
      const off1 = t * hop;
      const has2 = t + 1 < nFrames;
      if (has2) {
        const off2 = off1 + hop;
        for (let k = 0; k < nFft; k++) {
          zspec[2 * k] = p[off1 + k] * w[k];
          zspec[2 * k + 1] = p[off2 + k] * w[k];
        }
      } else {
        for (let k = 0; k < nFft; k++) {
          zspec[2 * k] = p[off1 + k] * w[k];
          zspec[2 * k + 1] = 0;
        }
      }
      this.fft.transform(zout, zspec);
      const o1 = t * nBins, o2 = o1 + nBins;
      for (let k = 0; k < nBins; k++) {
        const j = k === 0 ? 0 : nFft - k;
        const zr = zout[2 * k], zi = zout[2 * k + 1], wr = zout[2 * j], wi = zout[2 * j + 1];
        // X₁ = (Z[k] + conj Z[N−k])/2, X₂ = (Z[k] − conj Z[N−k])/(2i)
        re[o1 + k] = 0.5 * (zr + wr);
        im[o1 + k] = 0.5 * (zi - wi);
        if (has2) {
          re[o2 + k] = 0.5 * (zi + wi);
          im[o2 + k] = 0.5 * (wr - zr);
        }
      }
    }
    return nFrames;
  }

  /**
   * Inverse STFT (librosa.istft): windowed inverse FFT of each frame, overlap-add, divide by the window's
   * sum of squares where it exceeds float32 `tiny`, trim the centring padding, fit to `length`.
   * Two real frames go through one complex inverse FFT (x₁ + i·x₂), halving the FFT work.
   */
  synthesize(re: Float32Array, im: Float32Array, nFramesIn: number, out: Float32Array, length?: number): Float32Array {
    const { nFft, nBins, synthWindow: sw, zspec, zout } = this;
    const hop = this.opts.hopLength;
    const half = this.opts.center ? nFft >> 1 : 0;
    let nFrames = nFramesIn;
    if (length !== undefined) nFrames = Math.min(nFrames, Math.ceil((length + 2 * half) / hop));
    const olaLen = nFft + hop * (nFrames - 1);
    if (this.ola.length !== olaLen) this.ola = new Float64Array(olaLen);
    const ola = this.ola;
    ola.fill(0);
    for (let t = 0; t < nFrames; t += 2) {
      const o1 = t * nBins;
      const has2 = t + 1 < nFrames;
      const o2 = o1 + nBins;
      // z = IFFT(X₁ + i·X₂) computed as conj(FFT(conj(·)))/N: fft.js's forward transform skips the
      // inverse's extra division pass; 1/N is folded into the synthesis window (synthWindow).
      for (let k = 0; k < nBins; k++) {
        const a1 = re[o1 + k], a2 = has2 ? re[o2 + k] : 0;
        // numpy's irfft ignores the imaginary parts of the DC and Nyquist bins
        const edge = k === 0 || k === nBins - 1;
        const b1 = edge ? 0 : im[o1 + k], b2 = edge || !has2 ? 0 : im[o2 + k];
        zspec[2 * k] = a1 - b2;
        zspec[2 * k + 1] = -(b1 + a2);
        if (!edge) {
          const j = nFft - k; // Hermitian mirror: conj(X₁) + i·conj(X₂)
          zspec[2 * j] = a1 + b2;
          zspec[2 * j + 1] = -(a2 - b1);
        }
      }
      this.fft.transform(zout, zspec);
      const s1 = t * hop;
      for (let n = 0; n < nFft; n++) ola[s1 + n] += zout[2 * n] * sw[n];
      if (has2) {
        const s2 = s1 + hop;
        for (let n = 0; n < nFft; n++) ola[s2 + n] -= zout[2 * n + 1] * sw[n];
      }
    }
    const wss = this.windowSumSquare(nFrames);
    const expected = length ?? olaLen - 2 * half;
    for (let i = 0; i < expected; i++) {
      const j = i + half;
      out[i] = j < olaLen && wss[j] > TINY32 ? ola[j] / wss[j] : j < olaLen ? ola[j] : 0;
    }
    return out;
  }

  /** Output length of {@link synthesize} without `length`. */
  synthesisLength(nFrames: number): number {
    return this.nFft + this.opts.hopLength * (nFrames - 1) - 2 * (this.opts.center ? this.nFft >> 1 : 0);
  }

  /** librosa.filters.window_sumsquare: Σₜ w²[n − t·hop] over nFrames frames (cached per frame count). */
  windowSumSquare(nFrames: number): Float64Array {
    if (this.wssFrames === nFrames) return this.wss;
    const { nFft, window: w } = this;
    const hop = this.opts.hopLength;
    const n = nFft + hop * (nFrames - 1);
    const x = new Float64Array(n);
    for (let t = 0; t < nFrames; t++) {
      const s = t * hop;
      for (let k = 0; k < nFft; k++) x[s + k] += w[k] * w[k];
    }
    this.wss = x;
    this.wssFrames = nFrames;
    return x;
  }
}
