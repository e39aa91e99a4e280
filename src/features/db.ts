/**
 * Decibel conversions (librosa.power_to_db, amplitude_to_db, db_to_power, db_to_amplitude ≥ 0.10).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import { checkMatrix, checkNumber } from './validate';

/** Options of {@link powerToDb} / {@link amplitudeToDb}. */
export interface DbOptions {
  /** Reference that maps to 0 dB: a number, or `'max'` for the spectrogram's own maximum (librosa's `ref=np.max`). Default 1. */
  ref?: number | 'max';
  /** Floor before the logarithm, avoiding log(0). Default 1e-10 for power, 1e-5 for amplitude (both −100 dB). */
  amin?: number;
  /** Clip everything more than topDb below the maximum; `null` disables. Default 80 dB (librosa). */
  topDb?: number | null;
}

/** Defaults of {@link powerToDb}. */
export const DEFAULT_POWER_TO_DB = { ref: 1, amin: 1e-10, topDb: 80 } as const;
/** Defaults of {@link amplitudeToDb}. */
export const DEFAULT_AMPLITUDE_TO_DB = { ref: 1, amin: 1e-5, topDb: 80 } as const;

function refValue(S: Matrix, ref: number | 'max'): number {
  if (ref === 'max') {
    let m = 0;
    for (let i = 0; i < S.data.length; i++) m = Math.max(m, Math.abs(S.data[i]));
    return m;
  }
  return Math.abs(checkNumber('ref', ref));
}

/** The dB core shared by both conversions: 10·log10(max(amin, |S|)/max(amin, ref)), clipped at max − topDb. */
function toDb(S: Matrix, ref: number, amin: number, topDb: number | null): Matrix {
  const out = new Float32Array(S.data.length);
  const offset = 10 * Math.log10(Math.max(amin, ref));
  let max = -Infinity;
  for (let i = 0; i < out.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, Math.abs(S.data[i]))) - offset;
    out[i] = v;
    if (v > max) max = v;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
  return { rows: S.rows, cols: S.cols, data: out };
}

function checkDbOptions(amin: unknown, topDb: unknown): void {
  checkNumber('amin', amin, 0, Infinity, true);
  if (topDb !== null) checkNumber('topDb', topDb, 0);
}

/**
 * A power spectrogram in decibels: 10·log10(S / ref), with S floored at `amin` and the result clipped to
 * at most `topDb` below its maximum (librosa.power_to_db).
 * @throws {ParameterError} for amin ≤ 0, topDb < 0 or a malformed S.
 * @example const Sdb = powerToDb(power(stft(y)), { ref: 'max' });
 */
export function powerToDb(S: Matrix, options: DbOptions = {}): Matrix {
  checkMatrix('S', S);
  const amin = options.amin ?? DEFAULT_POWER_TO_DB.amin;
  const topDb = options.topDb === undefined ? DEFAULT_POWER_TO_DB.topDb : options.topDb;
  checkDbOptions(amin, topDb);
  return toDb(S, refValue(S, options.ref ?? DEFAULT_POWER_TO_DB.ref), amin, topDb);
}

/**
 * An amplitude (magnitude) spectrogram in decibels: 20·log10(S / ref) = powerToDb(S², ref², amin²)
 * (librosa.amplitude_to_db).
 * @throws {ParameterError} for amin ≤ 0, topDb < 0 or a malformed S.
 * @example const Sdb = amplitudeToDb(magnitude(stft(y)), { ref: 'max', topDb: 80 });
 */
export function amplitudeToDb(S: Matrix, options: DbOptions = {}): Matrix {
  checkMatrix('S', S);
  const amin = options.amin ?? DEFAULT_AMPLITUDE_TO_DB.amin;
  const topDb = options.topDb === undefined ? DEFAULT_AMPLITUDE_TO_DB.topDb : options.topDb;
  checkDbOptions(amin, topDb);
  const ref = refValue(S, options.ref ?? DEFAULT_AMPLITUDE_TO_DB.ref);
  const P = new Float32Array(S.data.length);
  for (let i = 0; i < P.length; i++) P[i] = S.data[i] * S.data[i];
  // squares in float64 would be nicer, but librosa squares in the input dtype too (float32)
  return toDb({ rows: S.rows, cols: S.cols, data: P }, ref * ref, amin * amin, topDb);
}

/**
 * Decibels back to power: ref·10^(dB/10) (librosa.db_to_power). Values clipped by topDb stay at the floor.
 * @example const P = dbToPower(powerToDb(S));
 */
export function dbToPower(Sdb: Matrix, options: { ref?: number } = {}): Matrix {
  checkMatrix('Sdb', Sdb);
  const ref = checkNumber('ref', options.ref ?? 1);
  const out = new Float32Array(Sdb.data.length);
  for (let i = 0; i < out.length; i++) out[i] = ref * Math.pow(10, 0.1 * Sdb.data[i]);
  return { rows: Sdb.rows, cols: Sdb.cols, data: out };
}

/**
 * Decibels back to amplitude: ref·10^(dB/20) (librosa.db_to_amplitude).
 * @example const S = dbToAmplitude(amplitudeToDb(S0));
 */
export function dbToAmplitude(Sdb: Matrix, options: { ref?: number } = {}): Matrix {
  checkMatrix('Sdb', Sdb);
  const ref = checkNumber('ref', options.ref ?? 1);
  if (ref < 0) throw new ParameterError(`ref=${ref} must be ≥ 0 for dbToAmplitude`);
  const out = new Float32Array(Sdb.data.length);
  for (let i = 0; i < out.length; i++) out[i] = ref * Math.pow(10, 0.05 * Sdb.data[i]);
  return { rows: Sdb.rows, cols: Sdb.cols, data: out };
}
