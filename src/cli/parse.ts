/** Parsers for numeric and enumerated CLI flags: a bad value becomes a one-line usage error naming the flag. */
import { InvalidArgumentError } from 'commander';
import { WAV_MAX_SAMPLE_RATE, WAV_MIN_SAMPLE_RATE } from '../audio/wavHeader';

/** A flag parser for a positive integer, e.g. `--clips 12`. */
export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** A flag parser for a non-negative integer, e.g. `--seed 0`. */
export function nonNegativeInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${flag} must be an integer ≥ 0, got "${value}"`);
    return n;
  };
}

/** A flag parser for a positive finite number, e.g. `--seconds 2.5`. */
export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive number, got "${value}"`);
    return n;
  };
}

/** A flag parser for a number ≥ 0, e.g. `--offset 0`. */
export function nonNegativeNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a number ≥ 0, got "${value}"`);
    return n;
  };
}

/** A flag parser for a comma-separated list, e.g. `--styles blues,rock`. */
export function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A flag parser for a sample rate in Hz within the range audio files may have, e.g. `--sample-rate 22050`. */
export function sampleRateFlag(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !(n >= WAV_MIN_SAMPLE_RATE && n <= WAV_MAX_SAMPLE_RATE)) {
      throw new InvalidArgumentError(`${flag} must be a whole number of Hz from ${WAV_MIN_SAMPLE_RATE} to ${WAV_MAX_SAMPLE_RATE}, got "${value}"`);
    }
    return n;
  };
}
