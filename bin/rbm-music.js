#!/usr/bin/env node
// The `rbm-music` command. The library is TypeScript run through tsx (no build step), so register tsx's
// CommonJS hook first, then hand over to src/cli/main.ts.
'use strict';
// `rbm-music --help | head` closes our stdout early: like other Unix tools, stop quietly instead of
// printing an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv).then((code) => {
  process.exitCode = code;
});
