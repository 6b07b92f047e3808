#!/usr/bin/env node
'use strict';
// Rewrites the README's options tables and recipe.schema.json from the option declarations (src/core/option-specs.ts,
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

// The recipe's JSON Schema, shipped in the package for "$schema" (test/integration/recipe.test.ts
// fails while the file and `imgbatch schema` differ).
const { recipeJsonSchema, RECIPE_SCHEMA_FILE } = require('../dist/core/recipe');
const schemaFile = path.join(__dirname, '..', RECIPE_SCHEMA_FILE);
const schemaText = `${JSON.stringify(recipeJsonSchema(), null, 2)}\n`;
if (fs.existsSync(schemaFile) && fs.readFileSync(schemaFile, 'utf8') === schemaText) {
  console.log(`${RECIPE_SCHEMA_FILE}: already up to date`);
} else {
  fs.writeFileSync(schemaFile, schemaText);
  console.log(`${RECIPE_SCHEMA_FILE}: rewritten`);
}
