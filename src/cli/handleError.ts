/**
 * The CLI's single error path: one line `rbm-music: <message>` on stderr and a non-zero exit code. The stack
 * trace appears only with `--debug`, so users see what to fix rather than where our code noticed it.
 */
import { CommanderError } from 'commander';
import { RbmMusicError } from '../errors';

/** Exit codes: 0 success, 1 bad input or failed work, 2 command-line usage error (unknown flag, bad number). */
export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

/**
 * Prints an error the CLI caught and returns the exit code to use.
 * @param write - Where to print (default stderr); tests pass a collector.
 * @example process.exitCode = handleError(new ParameterError('--clips=0 must be ≥ 1')); // prints "rbm-music: --clips=0 must be ≥ 1"
 */
export function handleError(err: unknown, debug = false, write: (line: string) => void = (l) => process.stderr.write(l)): number {
  if (err instanceof CommanderError) {
    // --help and --version end by "throwing" with exit code 0.
    if (err.exitCode === 0) return EXIT.ok;
    write(`rbm-music: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
    return EXIT.usage;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const known = e instanceof RbmMusicError;
  write(`rbm-music: ${known ? '' : 'internal error: '}${oneLine(e.message)}${known || debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && e.stack) write(`${e.stack}\n`);
  return EXIT.error;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
