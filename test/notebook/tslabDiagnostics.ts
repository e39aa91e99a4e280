// One place that asks tslab's own converter (TypeScript 5.0.4, as in a live kernel) what it reports for a cell.
import path from 'node:path';
import { loadTslab } from '../../src/workbook/tslabInternals';

/** The repository root: tslab's converter resolves `./src/...` and `./dist/...` imports from it. */
export const root = path.resolve(__dirname, '..', '..');

/** tslab's diagnostics for one cell's source, as `file:line message` strings (empty when it compiles). */
export function diagnosticsOf(src: string): string[] {
  const cwd = process.cwd();
  process.chdir(root); // tslab's converter takes its rootDir from the cwd
  const conv = (loadTslab().createConverter({ isJS: false, isBrowser: false }) as unknown) as {
    convert(prev: string, src: string): { diagnostics: { fileName?: string; start: { line: number }; messageText: string }[] };
    close(): void;
  };
  try {
    return conv.convert('', src).diagnostics.map((d) => `${d.fileName ?? '<cell>'}:${d.start.line + 1} ${d.messageText}`);
  } finally {
    conv.close();
    process.chdir(cwd);
  }
}
