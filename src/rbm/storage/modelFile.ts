/**
 * The container of saved models and checkpoints, version 1:
 *
 *     bytes 0–7   magic "RBMMUSIC"
 *     bytes 8–11  header length H (uint32, little-endian)
 *     then        H bytes of JSON header, zero-padded to a multiple of 4
 *     then        the float32 arrays listed in header.arrays, back to back (little-endian)
 *
 * The JSON header says what the file is (kind, shapes, metadata) and carries an FNV-1a checksum of the binary
 * part, so truncation and corruption are caught with a message rather than a model of garbage. JSON keeps the
 * header readable with `head -c 2000 model.rbm`; binary keeps a 513 × 256 model at ~0.5 MB and bit-exact.
 */
import { promises as fs } from 'node:fs';
import { ModelFormatError } from '../../errors';
import { atomicWriteFile } from '../../util/atomicWrite';

const MAGIC = 'RBMMUSIC';
/** The version this library writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** The JSON header; `arrays` lists the binary arrays in order. */
export interface FileHeader {
  format: 'rbm-music';
  version: number;
  kind: string;
  arrays: { name: string; length: number }[];
  checksum: number;
  [field: string]: unknown;
}

/** FNV-1a 32-bit hash of the bytes (fast, and enough to detect damage; not a security measure). */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Writes `fields` and `arrays` to `path` atomically. @throws FileExistsError if it exists and !force. */
export async function writeModelFile(path: string, kind: string, fields: Record<string, unknown>, arrays: Record<string, Float32Array>, force = false): Promise<void> {
  const list = Object.entries(arrays);
  const payload = new Uint8Array(list.reduce((n, [, a]) => n + a.byteLength, 0));
  let off = 0;
  for (const [, a] of list) {
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off += a.byteLength;
  }
  const header: FileHeader = { format: 'rbm-music', version: MODEL_FORMAT_VERSION, kind, ...fields, arrays: list.map(([name, a]) => ({ name, length: a.length })), checksum: fnv1a(payload) };
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
  if (header.format !== 'rbm-music' || !Array.isArray(header.arrays)) fail('corrupted header (missing format or arrays)');
  if (header.version !== MODEL_FORMAT_VERSION) fail(`format version ${header.version} is not supported; this library reads version ${MODEL_FORMAT_VERSION}`);
  if (header.kind !== kind) fail(`is of kind '${header.kind}', expected a '${kind}' file`);
  const payload = bytes.subarray(12 + h);
  const expected = header.arrays.reduce((n, a) => n + 4 * a.length, 0);
  if (payload.length < expected) fail(`truncated: ${payload.length} bytes of weights, the header lists ${expected}`);
  if (payload.length > expected) fail(`corrupted: ${payload.length - expected} unexpected bytes after the weights`);
  if (fnv1a(payload) !== header.checksum) fail('corrupted: the checksum of the weights does not match the header');
  const arrays: Record<string, Float32Array> = {};
  let off = 0;
  for (const { name, length } of header.arrays) {
    arrays[name] = new Float32Array(payload.buffer.slice(payload.byteOffset + off, payload.byteOffset + off + 4 * length));
    off += 4 * length;
  }
  return { header, arrays };
}
