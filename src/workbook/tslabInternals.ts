/**
 * Access to tslab's undocumented internals (converter, executor, display writer), which let the
 * headless runner execute notebooks without Jupyter or Python. They are not a public API, so the
 * tslab version is pinned in package.json and checked here, and test/notebook/runner.test.ts
 * exercises exactly these entry points.
 */
import { createRequire } from 'module';
import path from 'path';
import { RbmMusicError } from '../errors';

/**
 * Node's plain require. The runner's own TypeScript is loaded by a scoped tsx loader (bin/run-workbook.js);
 * tslab and the patch must load through Node's normal loader, exactly as in the real kernel.
 */
const nodeRequire = createRequire(__filename);

/** The tslab version whose internals this file was written against. */
export const TSLAB_VERSION = '1.0.22';

/** A display_data message as tslab passes it to `lastWriteDisplayData`. */
export interface TslabDisplayMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** tslab's executor (tslab/dist/executor.d.ts). */
export interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  close(): void;
}

interface TslabModules {
  createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): { close(): void };
  createExecutor(rootDir: string, convs: { node: unknown; browser: unknown; close(): void }, console: { log(...a: unknown[]): void; error(...a: unknown[]): void }): TslabExecutor;
  jupyter: { lastWriteDisplayData: ((msg: TslabDisplayMessage, update: boolean) => void) | null };
}

let cached: TslabModules | null = null;

/**
 * Compiles src/ to dist/ (JavaScript + declarations, bin/build-dist.js) unless dist/ is already built from the
 * current src/: the notebooks import `./dist/...` so that tslab reads declarations instead of type-checking src.
 */
export function ensureDist(): boolean {
  return (nodeRequire('../../bin/build-dist.js') as { ensureDist(root: string): boolean }).ensureDist(path.resolve(__dirname, '..', '..'));
}

/** Loads tslab's converter, executor and jupyter modules, checking the pinned version. */
export function loadTslab(): TslabModules {
  if (cached) return cached;
  /* eslint-disable @typescript-eslint/no-var-requires */
  const version = (nodeRequire('tslab/package.json') as { version: string }).version;
  if (version !== TSLAB_VERSION) {
    throw new RbmMusicError(`tslab ${version} is installed but the workbook runner uses tslab ${TSLAB_VERSION}'s internals; run npm ci`);
  }
  // The same fix the kernelspec preloads (directory imports → index.js), so the runner behaves like the kernel.
  nodeRequire('../../jupyter/tslab-patch.js');
  // The notebooks import the compiled surface in dist/; like the kernelspec, rebuild it first if src/ changed.
  ensureDist();
  const { createConverter } = nodeRequire('tslab/dist/converter');
  // A run is a snapshot of the tree: tslab's TypeScript watch program would otherwise react to files that other
  // processes change mid-run (src/, dist/, node_modules/) and throw "Unexpected pending rebuildTimer" from its
  // debounce timer (tslab 1.0.22), failing a healthy cell. Only the runner does this; the kernel keeps watching.
  const ts = nodeRequire('@tslab/typescript-for-tslab') as { sys: { watchFile?: unknown; watchDirectory?: unknown } };
  const unwatched = () => ({ close() { /* nothing was watched */ } });
  ts.sys.watchFile = unwatched;
  ts.sys.watchDirectory = unwatched;
  const { createExecutor } = nodeRequire('tslab/dist/executor');
  const jupyter = nodeRequire('tslab/dist/jupyter');
  cached = { createConverter, createExecutor, jupyter };
  return cached;
}

/**
 * Creates a fresh TypeScript executor rooted at `rootDir` (cells can import `./src`). tslab's
 * converter takes its TypeScript rootDir from the process's cwd, hence the chdir.
 * Browser-mode cells are not supported (the converter for them is never created).
 */
export function createTslabExecutor(rootDir: string, console: { log(...a: unknown[]): void; error(...a: unknown[]): void }): TslabExecutor {
  const tslab = loadTslab();
  process.chdir(rootDir);
  const node = tslab.createConverter({ isJS: false, isBrowser: false });
  const convs = {
    node,
    get browser(): never {
      throw new RbmMusicError('browser-mode cells (//%browser) are not supported by the headless runner');
    },
    close: () => node.close(),
  };
  return tslab.createExecutor(rootDir, convs, console);
}
