// Shared fixtures of the notebook tests (not a test file itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A tiny TypeScript package under the repo root exercising the three fixes of jupyter/tslab-patch.js: a
 * directory barrel, two modules importing each other, and an `import X = require()` line.
 */
export function writeCircularPackage(dir: string): void {
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  writeFileSync(path.join(dir, 'lib', 'index.ts'), "export { ping } from './a';\nexport { pong } from './b';\n");
  writeFileSync(path.join(dir, 'lib', 'a.ts'), "import nodePath = require('path');\nimport { pong } from './b';\n" +
    "export function ping(n: number): string { return n <= 0 ? nodePath.basename('/x/ping') : pong(n - 1); }\n");
  writeFileSync(path.join(dir, 'lib', 'b.ts'), "import { ping } from './a';\nexport function pong(n: number): string { return n <= 0 ? 'pong' : ping(n - 1); }\n");
}
