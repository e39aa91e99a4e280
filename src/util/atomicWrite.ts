/** Safe file writes: write to a temporary file in the same folder, then rename into place. */
import { promises as fs, writeFileSync, renameSync, existsSync, unlinkSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { FileExistsError, ParameterError } from '../errors';

export interface WriteOptions {
  /** Replace an existing file (default false: an existing output is an error, never silently lost). */
  force?: boolean;
}

function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
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
  await fs.mkdir(path.dirname(path.resolve(target)), { recursive: true }).catch((err) => { throw outputPathError(target, err); });
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
  try {
    mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  } catch (err) {
    throw outputPathError(target, err);
  }
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw outputPathError(target, err);
  }
}
