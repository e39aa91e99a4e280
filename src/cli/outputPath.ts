/**
 * Guards for output paths: an output must never replace one of the command's own inputs, not even with
 * `--force` (--force means "replace my old output", never "destroy the audio or model I am reading").
 */
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ParameterError } from '../errors';

/** The canonical form of a path: symlinks resolved when the file exists, else just absolute. */
function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Throws if `out` names the same file as one of `inputs` (undefined entries are ignored).
 * @param flag - The option that chose `out`, named in the message (e.g. `--out`).
 * @throws {ParameterError} Naming the output, the input it would overwrite and what to do instead.
 * @example refuseInputAsOutput('song.wav', ['song.wav'], '--out'); // throws: --out song.wav is also an input …
 */
export function refuseInputAsOutput(out: string, inputs: ReadonlyArray<string | undefined>, flag = '--out'): void {
  const target = canonical(out);
  for (const input of inputs) {
    if (input !== undefined && canonical(input) === target) {
      throw new ParameterError(`${flag} ${out} is also an input of this command (${input}); writing there would destroy it, even with --force: choose another output file`);
    }
  }
}

/**
 * Resolves an output-file flag, refusing an empty value or an existing folder up front (`-o ''` resolved to the
 * current folder and was reported as "<cwd> already exists").
 * @param flag - The option, named in the message (e.g. `--out`).
 * @throws {ParameterError} Naming the flag and the value.
 * @example outputFileFlag('', '--out'); // throws: --out is empty: give a file name, e.g. --out models/rbm.json
 */
export function outputFileFlag(value: string, flag = '--out', example = 'out.json'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ParameterError(`${flag} is empty: give a file name, e.g. ${flag} ${example}`);
  }
  const resolved = path.resolve(value);
  let isDir = false;
  try { isDir = statSync(resolved).isDirectory(); } catch { /* does not exist yet: fine */ }
  if (isDir || /[\\/]$/.test(value)) {
    throw new ParameterError(`${flag} ${value} is a folder, not a file name; give a file inside it, e.g. ${flag} ${path.join(value, path.basename(example))}`);
  }
  return resolved;
}
