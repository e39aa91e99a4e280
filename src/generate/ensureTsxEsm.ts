/**
 * The RBM engine loads its onnx engine with a dynamic `import()`. Under `node --import tsx` that resolves, but a
 * process that registered only tsx's CommonJS hook (the `rbm-music` bin script, tslab kernels) cannot resolve an
 * extensionless TypeScript path through Node's ESM loader. {@link ensureTsxEsm} registers tsx's ESM hooks once,
 * when they are missing, before training starts.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let done: Promise<void> | undefined;

/** Whether tsx's ESM loader is already active (started with `--import tsx`). */
function esmHooksActive(): boolean {
  return process.execArgv.some((a, i, all) => (a === '--import' && /tsx/.test(all[i + 1] ?? '')) || /^--import=.*tsx/.test(a));
}

/**
 * Registers tsx's ESM hooks in this thread unless they are active already. Safe to call many times.
 * @example await ensureTsxEsm(); await rbm.fit(X);
 */
export function ensureTsxEsm(): Promise<void> {
  if (esmHooksActive()) return Promise.resolve();
  done ??= import(pathToFileURL(path.join(__dirname, 'registerTsxEsm.mjs')).href).then(() => undefined, () => undefined);
  return done;
}
