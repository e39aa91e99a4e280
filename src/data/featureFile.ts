/**
 * The features file written by `rbm-music features`: a JSON header plus raw float32 frames, so a 6-minute data set
 * (22 500 frames × 128 mel bands) is 11 MB on disk and loads in milliseconds, and any language can read it.
 *
 * Layout (all integers little-endian):
 * ```
 * bytes 0–7      ASCII "RBMFEAT1"
 * bytes 8–11     uint32 H = byte length of the JSON header
 * bytes 12…      H bytes of UTF-8 JSON: FeatureFileHeader
 * …              zero padding up to a multiple of 4 bytes (so the data can be viewed as a Float32Array)
 * …              rows × cols float32, row-major (frame t, feature f at index t·cols + f)
 * ```
 * numpy: `h = int.from_bytes(b[8:12], 'little'); off = (12 + h + 3) // 4 * 4;
 *         X = np.frombuffer(b, '<f4', offset=off).reshape(rows, cols)`.
 */
import { closeSync, promises as fs, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import type { Matrix } from '../types';
import { ModelFormatError, ParameterError } from '../errors';
import { atomicWriteStreamSync, outputPathError, removeStaleTemps, tempPathFor } from '../util/atomicWrite';

/** The magic bytes that start a features file. */
export const FEATURE_FILE_MAGIC = 'RBMFEAT1';

/** Where one clip's frames are in the matrix. */
export interface FeatureFileClip {
  name: string;
  style?: string;
  path?: string;
  /** First row of this clip. */
  startRow: number;
  /** Number of rows (frames). */
  rows: number;
}

/** The JSON header of a features file. */
export interface FeatureFileHeader {
  format: 'rbm-music/features';
  version: 1;
  rows: number;
  cols: number;
  dtype: 'float32le';
  /** FeaturePipeline.toJSON() of the pipeline that made the frames (config + fitted scaler), to invert them. */
  pipeline: unknown;
  /** Row ranges per source clip, in order. */
  clips: FeatureFileClip[];
}

/**
 * Writes a features file (atomically; refuses to overwrite unless `force`).
 * @throws ParameterError if X's shape disagrees with its data; FileExistsError if the file exists and !force.
 * @example await saveFeatureFile('mine.features', X, { pipeline: fp.toJSON(), clips: [{ name: 'a', startRow: 0, rows: X.rows }] });
 */
export async function saveFeatureFile(file: string, X: Matrix, header: Omit<FeatureFileHeader, 'format' | 'version' | 'rows' | 'cols' | 'dtype'>,
  opts: { force?: boolean } = {}): Promise<void> {
  if (X.data.length !== X.rows * X.cols) throw new ParameterError(`X has ${X.data.length} values but rows × cols = ${X.rows * X.cols}`);
  writeFeatureFile(file, { rows: X.rows, cols: X.cols }, header, (write) => write(X), opts);
}

/** Little-endian float32 bytes of `data` (a copy; the same bytes writeFloatLE gives on any machine). */
function float32le(data: Float32Array): Buffer {
  const out = Buffer.alloc(4 * data.length);
  if (endianness() === 'LE') Buffer.from(data.buffer, data.byteOffset, 4 * data.length).copy(out);
  else for (let i = 0; i < data.length; i++) out.writeFloatLE(data[i], 4 * i);
  return out;
}

/**
 * Writes a features file whose rows arrive in blocks, so a long recording's features never sit in memory whole:
 * `blocks(write)` calls `write` with consecutive blocks of rows (shape.cols columns, shape.rows rows in all). The
 * bytes are those {@link saveFeatureFile} writes for the stacked matrix. The file is written to a temporary file
 * beside `file` and renamed into place only when every row is in (a failure or a kill leaves no partial file).
 * @throws {ParameterError} if the blocks do not add up to shape.rows × shape.cols, or the path is unusable.
 * @throws {FileExistsError} if the file exists and !force.
 * @example writeFeatureFile('long.features', { rows, cols }, { pipeline, clips }, (write) => spool.forEach((E) => write(fp.scale(E))));
 */
export function writeFeatureFile(file: string, shape: { rows: number; cols: number }, header: Omit<FeatureFileHeader, 'format' | 'version' | 'rows' | 'cols' | 'dtype'>,
  blocks: (write: (X: Matrix) => void) => void, opts: { force?: boolean } = {}): void {
  const { rows, cols } = shape;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) throw new ParameterError(`shape must be whole rows ≥ 0 × cols ≥ 1, got ${rows} × ${cols}`);
  const full: FeatureFileHeader = { format: 'rbm-music/features', version: 1, rows, cols, dtype: 'float32le', ...header };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const offset = Math.ceil((12 + json.length) / 4) * 4;
  const head = Buffer.alloc(offset);
  head.write(FEATURE_FILE_MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  atomicWriteStreamSync(file, (put) => {
    put(head);
    let written = 0;
    blocks((X) => {
      if (X.cols !== cols || X.data.length !== X.rows * X.cols) throw new ParameterError(`a block of ${X.rows} × ${X.cols} (${X.data.length} values) does not fit a features file of ${cols} columns`);
      if (written + X.rows > rows) throw new ParameterError(`the blocks hold more than the ${rows} rows the header gives`);
      put(float32le(X.data));
      written += X.rows;
    });
    if (written !== rows) throw new ParameterError(`the blocks held ${written} rows, but the header gives ${rows}`);
  }, { force: opts.force });
}

/**
 * Float32 rows kept in a temporary file instead of memory (e.g. a long recording's unscaled features, while the
 * scaler's statistics are gathered): append blocks, read them back in blocks, remove it. The file is named as
 * atomic writes name theirs ({@link tempPathFor} of `near`), so one left by a killed run is cleaned up by the next
 * run's removeStaleTemps(near).
 */
export class FrameSpool {
  /** The temporary file. */
  readonly path: string;
  private fd: number | null;
  private count = 0;

  /** Creates the temporary file beside `near` (whose folder must exist). @throws {ParameterError} if it cannot. */
  constructor(near: string, readonly cols: number) {
    removeStaleTemps(near);
    this.path = tempPathFor(near);
    try {
      this.fd = openSync(this.path, 'wx+');
    } catch (err) {
      throw outputPathError(this.path, err);
    }
  }

  /** Rows appended so far. */
  get rows(): number {
    return this.count;
  }

  /** Appends a block of rows (cols columns). */
  append(X: Matrix): void {
    if (X.cols !== this.cols) throw new ParameterError(`FrameSpool holds rows of ${this.cols} columns, got a block of ${X.cols}`);
    if (X.rows === 0) return;
    const bytes = float32le(X.data.subarray(0, X.rows * X.cols));
    writeSync(this.open(), bytes, 0, bytes.length, 4 * this.count * this.cols);
    this.count += X.rows;
  }

  /** Calls `visit` on the rows [start, start + n) (default: all), in blocks of at most `blockRows` rows. */
  forEach(visit: (X: Matrix, startRow: number) => void, start = 0, n = this.count - start, blockRows = 4096): void {
    const fd = this.open();
    const buf = Buffer.alloc(4 * Math.min(n, blockRows) * this.cols);
    for (let r = start; r < start + n; r += blockRows) {
      const k = Math.min(blockRows, start + n - r);
      const len = 4 * k * this.cols;
      let got = 0;
      while (got < len) {
        const m = readSync(fd, buf, got, len - got, 4 * r * this.cols + got);
        if (m === 0) throw new ParameterError(`${this.path}: the spool file is shorter than its ${this.count} rows (was it removed?)`);
        got += m;
      }
      const data = new Float32Array(k * this.cols);
      for (let i = 0; i < data.length; i++) data[i] = buf.readFloatLE(4 * i);
      visit({ rows: k, cols: this.cols, data }, r);
    }
  }

  /** Closes and deletes the temporary file. Idempotent; never throws. */
  remove(): void {
    if (this.fd !== null) {
      try { closeSync(this.fd); } catch { /* already closed */ }
      this.fd = null;
    }
    rmSync(this.path, { force: true });
  }

  private open(): number {
    if (this.fd === null) throw new ParameterError(`FrameSpool ${this.path} was removed`);
    return this.fd;
  }
}

/**
 * Reads a features file written by {@link saveFeatureFile}.
 * @throws ModelFormatError naming the file if it is missing, truncated, not a features file or of another version.
 * @example const { header, X } = await loadFeatureFile('openmsx.features');
 */
export async function loadFeatureFile(file: string): Promise<{ header: FeatureFileHeader; X: Matrix }> {
  const bytes = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new ModelFormatError(`${file}: cannot read features file (${e.code === 'ENOENT' ? 'file not found' : e.message})`);
  });
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== FEATURE_FILE_MAGIC) {
    throw new ModelFormatError(`${file}: not an rbm-music features file (it must start with "${FEATURE_FILE_MAGIC}")`);
  }
  const h = bytes.readUInt32LE(8);
  if (12 + h > bytes.length) throw new ModelFormatError(`${file}: truncated (header says ${h} bytes of JSON, file has ${bytes.length - 12})`);
  let header: FeatureFileHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + h)) as FeatureFileHeader;
  } catch {
    throw new ModelFormatError(`${file}: corrupted JSON header`);
  }
  if (header.format !== 'rbm-music/features' || header.version !== 1) {
    throw new ModelFormatError(`${file}: format ${JSON.stringify(header.format)} version ${JSON.stringify(header.version)} is not supported (expected rbm-music/features version 1)`);
  }
  const { rows, cols } = header;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 1) throw new ModelFormatError(`${file}: bad shape ${rows} × ${cols}`);
  const offset = Math.ceil((12 + h) / 4) * 4;
  if (bytes.length !== offset + 4 * rows * cols) {
    throw new ModelFormatError(`${file}: expected ${offset + 4 * rows * cols} bytes for ${rows} × ${cols} float32, found ${bytes.length} (truncated or corrupted)`);
  }
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = bytes.readFloatLE(offset + 4 * i);
  return { header, X: { rows, cols, data } };
}
