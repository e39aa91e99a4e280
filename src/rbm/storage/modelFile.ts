/**
 * The container of saved models and checkpoints (every kind: RBM, CRBM, RNN-RBM, checkpoints), version 2:
 *
 *     bytes 0–7   magic "RBMMUSIC"
 *     bytes 8–11  header length H (uint32, little-endian)
 *     then        H bytes of JSON header, zero-padded to a multiple of 4
 *     then        the float32 arrays listed in header.arrays, back to back (little-endian)
 *
 * The JSON header says what the file is (kind, shapes, metadata such as the feature pipeline and its scaler)
 * and carries an FNV-1a checksum of the WHOLE file's content: the header (re-serialised without its `checksum`
 * field, so any edit to any field counts) followed by the binary part. Version 1 files (checksum of the binary
 * part only, so header edits such as a changed `visible`, reordered `arrays` or scaler means went unnoticed)
 * still load. JSON keeps the header readable with `head -c 2000 model.rbm`; binary keeps a 513 × 256 model at
 * ~0.5 MB and bit-exact.
 */
import { promises as fs } from 'node:fs';
import { ModelFormatError, ParameterError } from '../../errors';
import { atomicWriteFile } from '../../util/atomicWrite';

const MAGIC = 'RBMMUSIC';

/**
 * What every `save` does with its `meta` option first: checks that the metadata to be written (`meta`, or the
 * model's own when not given) survives JSON, then makes `meta` the model's.
 * @throws ParameterError naming the cause when it does not serialise (a cycle, a BigInt).
 */
export function adoptMeta(model: { meta: Record<string, unknown> }, meta: Record<string, unknown> | undefined): void {
  try {
    JSON.stringify(meta ?? model.meta);
  } catch (err) {
    throw new ParameterError(`save: meta must be JSON-serialisable (${(err as Error).message})`);
  }
  if (meta !== undefined) model.meta = meta;
}
/** The version this library writes. It also reads version 1 (see the module comment). */
export const MODEL_FORMAT_VERSION = 2;
/** Versions {@link readModelFile} accepts. */
const READABLE_VERSIONS = [1, 2];

/** The JSON header; `arrays` lists the binary arrays in order. */
export interface FileHeader {
  format: 'rbm-music';
  version: number;
  kind: string;
  arrays: { name: string; length: number }[];
  checksum: number;
  [field: string]: unknown;
}

/** FNV-1a 32-bit hash of the bytes, continuing from `h` (fast, and enough to detect damage; not a security measure). */
function fnv1a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * The version-2 checksum: FNV-1a over the header without `checksum` (as JSON text), then the binary part.
 * Exported for tests and repair tools that edit a header on purpose and reseal it.
 */
export function wholeFileChecksum(header: Record<string, unknown>, payload: Uint8Array): number {
  const { checksum: _omit, ...rest } = header;
  return fnv1a(payload, fnv1a(Buffer.from(JSON.stringify(rest), 'utf8')));
}

/** Largest length any one array may claim: what fits a Float32Array and the memory limit is checked later. */
const MAX_ARRAY_LENGTH = 2 ** 32;

/** Writes `fields` and `arrays` to `path` atomically. @throws FileExistsError if it exists and !force. */
export async function writeModelFile(path: string, kind: string, fields: Record<string, unknown>, arrays: Record<string, Float32Array>, force = false): Promise<void> {
  const list = Object.entries(arrays);
  const payload = new Uint8Array(list.reduce((n, [, a]) => n + a.byteLength, 0));
  let off = 0;
  for (const [, a] of list) {
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off += a.byteLength;
  }
  const header: FileHeader = { format: 'rbm-music', version: MODEL_FORMAT_VERSION, kind, ...fields, arrays: list.map(([name, a]) => ({ name, length: a.length })), checksum: 0 };
  // What a reader will see: the header after a JSON round trip (undefined fields dropped, -0 → 0).
  const seen = JSON.parse(JSON.stringify(header)) as FileHeader;
  header.checksum = wholeFileChecksum(seen, payload);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 4) * 4;
  const out = new Uint8Array(12 + padded + payload.length);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  new DataView(out.buffer).setUint32(8, padded, true);
  out.set(json, 12);
  out.fill(0x20, 12 + json.length, 12 + padded); // pad with spaces: still valid JSON
  out.set(payload, 12 + padded);
  await atomicWriteFile(path, out, { force });
}

/** Reads a file written by {@link writeModelFile}. @throws ModelFormatError naming the file and what is wrong. */
export async function readModelFile(path: string, kind: string): Promise<{ header: FileHeader; arrays: Record<string, Float32Array> }> {
  const fail = (what: string): never => {
    throw new ModelFormatError(`${path}: ${what}`);
  };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return fail(e.code === 'ENOENT' ? 'no such file' : `cannot be read (${e.message})`);
  }
  if (bytes.length < 12) fail(`truncated: ${bytes.length} bytes, too short for an rbm-music ${kind} file`);
  if (bytes.toString('latin1', 0, 8) !== MAGIC) fail(`not an rbm-music ${kind} file (it does not start with "${MAGIC}")`);
  const h = bytes.readUInt32LE(8);
  if (12 + h > bytes.length) fail(`truncated: the header claims ${h} bytes but the file has ${bytes.length - 12} after the magic`);
  let header: FileHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + h));
  } catch (err) {
    return fail(`corrupted header (not valid JSON: ${(err as Error).message})`);
  }
  if (!header || typeof header !== 'object' || header.format !== 'rbm-music' || !Array.isArray(header.arrays)) fail('corrupted header (missing format or arrays)');
  if (!READABLE_VERSIONS.includes(header.version)) {
    fail(`format version ${JSON.stringify(header.version)} is not supported; this library reads versions ${READABLE_VERSIONS.join(' and ')}${typeof header.version === 'number' && header.version > MODEL_FORMAT_VERSION ? ' (it was written by a newer rbm-music: update)' : ''}`);
  }
  if (header.kind !== kind) fail(`is of kind '${header.kind}', expected a '${kind}' file`);
  const names = new Set<string>();
  header.arrays.forEach((a, i) => {
    // Each entry is checked before use: a null entry or a fractional length was an "internal error" (TypeError,
    // "byte length of Float32Array should be a multiple of 4").
    if (!a || typeof a !== 'object' || typeof a.name !== 'string' || a.name === '') fail(`corrupted header: arrays[${i}] is ${JSON.stringify(a)}, expected { name, length }`);
    if (!Number.isInteger(a.length) || a.length < 0 || a.length > MAX_ARRAY_LENGTH) fail(`corrupted header: array '${a.name}' has length ${JSON.stringify(a.length)}; lengths are whole numbers of float32 values`);
    if (names.has(a.name)) fail(`corrupted header: array '${a.name}' is listed twice`);
    names.add(a.name);
  });
  const payload = bytes.subarray(12 + h);
  const expected = header.arrays.reduce((n, a) => n + 4 * a.length, 0);
  if (payload.length < expected) fail(`truncated: ${payload.length} bytes of weights, the header lists ${expected}`);
  if (payload.length > expected) fail(`corrupted: ${payload.length - expected} unexpected bytes after the weights`);
  if (header.version === 1) {
    if (fnv1a(payload) !== header.checksum) fail('corrupted: the checksum of the weights does not match the header');
  } else if (wholeFileChecksum(header, payload) !== header.checksum) {
    fail('corrupted: the checksum does not match the file (it covers the header, its metadata and the weights, so the file was damaged or edited); restore it or train again');
  }
  const arrays: Record<string, Float32Array> = {};
  let off = 0;
  for (const { name, length } of header.arrays) {
    arrays[name] = new Float32Array(payload.buffer.slice(payload.byteOffset + off, payload.byteOffset + off + 4 * length));
    off += 4 * length;
  }
  return { header, arrays };
}
