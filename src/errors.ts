/**
 * The error hierarchy. Every error the library throws on purpose is an {@link RbmMusicError}; the
 * subclasses say which kind of input was wrong. Messages name the file or parameter, the bad value and
 * what would be valid, because tslab shows only the message text in a notebook cell.
 */

/** Root of every error this library throws deliberately. */
export class RbmMusicError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RbmMusicError';
  }
}

/** A function argument or option is out of range, of the wrong type or inconsistent with another. */
export class ParameterError extends RbmMusicError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParameterError';
  }
}

/** An audio file or buffer cannot be decoded: truncated, not a supported format, absurd header, no samples. */
export class AudioFormatError extends RbmMusicError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AudioFormatError';
  }
}

/** A saved model or checkpoint is truncated, corrupted, of the wrong version or of mismatched shape. */
export class ModelFormatError extends RbmMusicError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFormatError';
  }
}

/** Training produced NaN or Inf; the message names the epoch and where the last good checkpoint is. */
export class DivergenceError extends RbmMusicError {
  /** The epoch (0-based) in which non-finite values appeared. */
  readonly epoch: number;
  constructor(message: string, epoch: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DivergenceError';
    this.epoch = epoch;
  }
}

/** An output file exists and would be overwritten without `force`. */
export class FileExistsError extends RbmMusicError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileExistsError';
  }
}
