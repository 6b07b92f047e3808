#!/usr/bin/env node
'use strict';
// Rewrites the README's options tables from the option declarations (src/core/option-specs.ts,
// src/core/op-specs.ts, src/cli/report-options.ts). Run by `npm run docs`, after a build; the
// test in test/integration/options-doc.test.ts fails while README.md and the declarations differ.
const fs = require('node:fs');
const path = require('node:path');
const { readmeWithOptionTables } = require('../dist/cli/options-doc');

const file = path.join(__dirname, '..', 'README.md');
const before = fs.readFileSync(file, 'utf8');
const after = readmeWithOptionTables(before);
if (after === before) {
  console.log('README.md: options tables already up to date');
} else {
  fs.writeFileSync(file, after);
  console.log('README.md: options tables rewritten');
}
