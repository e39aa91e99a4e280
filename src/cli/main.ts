/**
 * The `rbm-music` command line: builds a commander program from the command modules listed in
 * ./commands/index.ts, runs it, and turns every failure into one line on stderr and a non-zero exit code.
 */
import { Command } from 'commander';
import { COMMANDS } from './commands';
import { EXIT, handleError } from './handleError';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION = (require('../../package.json') as { version: string }).version;

/** Builds the program with every registered command (exported for tests and for `--help` docs). */
export function buildProgram(): Command {
  const program = new Command('rbm-music')
    .description('Restricted Boltzmann Machines on music audio: prepare data, extract features, train, generate.')
    .version(VERSION)
    .option('-q, --quiet', 'no progress bars')
    .option('--debug', 'print stack traces of errors')
    // Errors are thrown back to main() instead of exiting, and printed by handleError as one line.
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program);
  return program;
}

/**
 * Runs the CLI on `argv` (node, script, args…) and resolves to the exit code; never throws.
 * @example process.exitCode = await main(['node', 'rbm-music', 'data', '--dataset', 'synthetic']);
 */
export async function main(argv: string[] = process.argv): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    return handleError(err, debug);
  }
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code; });
}
