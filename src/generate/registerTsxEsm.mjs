// Registers tsx's ESM hooks in this thread, so that `import()` of extensionless TypeScript paths works when the
// process was started with only tsx's CommonJS hook (bin/rbm-music.js, tslab). Loaded with import() from
// ensureTsxEsm.ts; an .mjs file because tsx 4's CommonJS wrapper of 'tsx/esm/api' does not work on Node 20.
import { register } from 'tsx/esm/api';

register();
