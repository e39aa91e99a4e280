#!/usr/bin/env node
// `npm start`: execute every notebook in notebooks/ headless (tslab's executor, no Python, no Jupyter)
// and build the static site in out/. The TypeScript sources are loaded through tsx: no build step.
'use strict';
const path = require('path');
require('tsx/cjs/api').register();
const { main } = require('../src/workbook/main.ts');

main(path.resolve(__dirname, '..'), process.argv.slice(2)).then((code) => {
  // tfjs or an open handle in a notebook must not keep the process alive after the last notebook.
  process.exit(code);
});
