#!/usr/bin/env node
// `npm start`: execute every notebook in notebooks/ headless (tslab's executor, no Python, no Jupyter)
// and build the static site in out/. The runner's own TypeScript is loaded through a *scoped* tsx
// registration: notebook cells must not see a global .ts loader, or the runner would accept imports that
// the real Jupyter kernel (plain tslab) cannot resolve.
'use strict';
const path = require('path');
const { register } = require('tsx/cjs/api');

const tsx = register({ namespace: 'rbm-music-workbook' });
const { main } = tsx.require('../src/workbook/main.ts', __filename);

main(path.resolve(__dirname, '..'), process.argv.slice(2)).then((code) => {
  // tfjs or an open handle in a notebook must not keep the process alive after the last notebook.
  process.exit(code);
});
