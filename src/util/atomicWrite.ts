/** Safe file writes: write to a temporary file in the same folder, then rename into place. */
import { promises as fs, writeFileSync, renameSync, existsSync, unlinkSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { FileExistsError } from '../errors';

export interface WriteOptions {
  /** Replace an existing file (default false: an existing output is an error, never silently lost). */
  force?: boolean;
}

function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

function refuseOverwrite(target: string, opts: WriteOptions): void {
  if (!opts.force && existsSync(target)) {
    throw new FileExistsError(`${target} already exists; pass force: true (CLI: --force) to overwrite it`);
  }
}

/** Writes `data` to `target` atomically (temp file + rename). Creates parent folders. */
export async function atomicWriteFile(target: string, data: Uint8Array | string, opts: WriteOptions = {}): Promise<void> {
  refuseOverwrite(target, opts);
  await fs.mkdir(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Synchronous twin of {@link atomicWriteFile}. */
export function atomicWriteFileSync(target: string, data: Uint8Array | string, opts: WriteOptions = {}): void {
  refuseOverwrite(target, opts);
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
}
