/** Safe file writes: write to a temporary file in the same folder, then rename into place. */
import { promises as fs, writeFileSync, renameSync, existsSync, unlinkSync, mkdirSync, readdirSync, statSync, rmSync, openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import * as path from 'node:path';
import { FileExistsError, ParameterError } from '../errors';

export interface WriteOptions {
  /** Replace an existing file (default false: an existing output is an error, never silently lost). */
  force?: boolean;
}

/**
 * The temporary file an atomic write of `target` goes through: `.<name>.<pid>.<ms>.tmp` in the same folder (the
 * rename is atomic only within one file system). Shared by every writer here and by the streaming WAV writer.
 */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes temporary files that an earlier, killed write of `target` left behind: only names of our own pattern
 * (`.<name>.<pid>.<ms>.tmp`, see {@link tempPathFor}) whose process is no longer running, so a write in
 * progress in another process is never touched. Best effort: errors are ignored.
 * @returns the paths removed.
 * @example removeStaleTemps('generated/song.wav'); // after a `kill -9` of an earlier generate
 */
export function removeStaleTemps(target: string): string[] {
  const dir = path.dirname(path.resolve(target));
  const prefix = `.${path.basename(target)}.`;
  const removed: string[] = [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return removed; }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^\.(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length - 1));
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
      removed.push(path.join(dir, name));
    } catch { /* best effort */ }
  }
  return removed;
}

/**
 * Creates the folder that will hold `target`, one level at a time from the nearest existing ancestor. Not
 * `mkdir(…, { recursive: true })`: in Node 20 that loops forever for a path under a missing folder in /proc
 * (measured, see FACTS.md), where a plain mkdir fails at once with ENOENT.
 * @throws {ParameterError} naming `target` when the folder cannot be created (see {@link outputPathError}).
 */
export function ensureParentDir(target: string): void {
  const missing: string[] = [];
  let dir = path.dirname(path.resolve(target));
  for (;;) {
    let st;
    try { st = statSync(dir); } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw outputPathError(target, err);
      const up = path.dirname(dir);
      if (up === dir) break; // the root itself is missing: let mkdir below report it
      missing.push(dir);
      dir = up;
      continue;
    }
    if (!st.isDirectory()) throw outputPathError(target, Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' }));
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw outputPathError(target, err);
    }
  }
}

/** Why each file-system error code means the output path itself is unusable (not a bug in our code). */
const PATH_PROBLEMS: Record<string, string> = {
  EEXIST: 'a parent of it is a file, not a folder',
  ENOTDIR: 'a parent of it is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
  ENOENT: 'its folder does not exist or cannot hold new files',
};

/**
 * Turns a Node file-system error about an output path (parent is a file, no permission, …) into a
 * {@link ParameterError} naming the path and the reason; any other error is returned unchanged.
 * @example throw outputPathError('out/x.wav', err); // ParameterError: cannot write out/x.wav: a parent of it is a file, not a folder
 */
export function outputPathError(target: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code ? PATH_PROBLEMS[code] : undefined;
  return why ? new ParameterError(`cannot write ${target}: ${why}; choose another output path`, { cause: err }) : err;
}

function refuseOverwrite(target: string, opts: WriteOptions): void {
  if (!opts.force && existsSync(target)) {
    throw new FileExistsError(`${target} already exists; pass force: true (CLI: --force) to overwrite it`);
  }
}

/** Writes `data` to `target` atomically (temp file + rename). Creates parent folders. */
export async function atomicWriteFile(target: string, data: Uint8Array | string, opts: WriteOptions = {}): Promise<void> {
  refuseOverwrite(target, opts);
  ensureParentDir(target);
  removeStaleTemps(target);
  const tmp = tempPathFor(target);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw outputPathError(target, err);
  }
}

/** Synchronous twin of {@link atomicWriteFile}. */
export function atomicWriteFileSync(target: string, data: Uint8Array | string, opts: WriteOptions = {}): void {
  refuseOverwrite(target, opts);
  ensureParentDir(target);
  removeStaleTemps(target);
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw outputPathError(target, err);
  }
}

/**
 * Writes `target` piece by piece, atomically: `produce(put)` calls `put` with consecutive chunks, which go to a
 * temporary file beside `target` ({@link tempPathFor}); only when `produce` returns is the file flushed and renamed
 * into place. If `produce` throws, the temporary file is removed and the old `target` (if any) is untouched. For
 * outputs too large to build in memory first (a long recording's features).
 * @throws {FileExistsError} if `target` exists and !force (checked before and again at the rename).
 * @throws {ParameterError} naming `target` if it cannot be written; whatever `produce` throws.
 * @example atomicWriteStreamSync('big.bin', (put) => { for (const b of blocks) put(b); }, { force: true });
 */
export function atomicWriteStreamSync(target: string, produce: (put: (chunk: Uint8Array) => void) => void, opts: WriteOptions = {}): void {
  refuseOverwrite(target, opts);
  ensureParentDir(target);
  removeStaleTemps(target);
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    const f = fd;
    produce((chunk) => {
      for (let at = 0; at < chunk.length; ) at += writeSync(f, chunk, at, chunk.length - at);
    });
    fsyncSync(f);
    closeSync(f);
    fd = undefined;
    refuseOverwrite(target, opts);
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) try { closeSync(fd); } catch { /* closing after a failed write */ }
    rmSync(tmp, { force: true });
    throw outputPathError(target, err);
  }
}
