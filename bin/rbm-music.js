#!/usr/bin/env node
// The `rbm-music` command. The library is TypeScript run through tsx (no build step), so register tsx's
// CommonJS hook first, then hand over to src/cli/main.ts.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv).then((code) => {
  process.exitCode = code;
});
