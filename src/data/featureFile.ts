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
import { promises as fs } from 'node:fs';
import type { Matrix } from '../types';
import { ModelFormatError, ParameterError } from '../errors';
import { atomicWriteFile } from '../util/atomicWrite';

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
  const full: FeatureFileHeader = { format: 'rbm-music/features', version: 1, rows: X.rows, cols: X.cols, dtype: 'float32le', ...header };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const offset = Math.ceil((12 + json.length) / 4) * 4;
  const out = Buffer.alloc(offset + 4 * X.data.length);
  out.write(FEATURE_FILE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  for (let i = 0; i < X.data.length; i++) out.writeFloatLE(X.data[i], offset + 4 * i);
  await atomicWriteFile(file, out, { force: opts.force });
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
