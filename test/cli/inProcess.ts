/**
 * Runs the CLI's main() in this process (fast: no start-up per call), capturing what it prints — shared by the
 * CLI tests. `--quiet` is added (no progress bars in captured output).
 */
import { main } from '../../src/cli/main';

export interface CliRun { code: number; out: string; err: string }

export async function runCli(args: string[]): Promise<CliRun> {
  // Let the test runner flush the previous test's report first: captured here it would be lost.
  await new Promise((resolve) => setTimeout(resolve, 100));
  let out = '', err = '';
  const keep = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr), log: console.log };
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  try {
    return { code: await main(['node', 'rbm-music', '--quiet', ...args]), out, err };
  } finally {
    process.stdout.write = keep.out; process.stderr.write = keep.err; console.log = keep.log;
  }
}
