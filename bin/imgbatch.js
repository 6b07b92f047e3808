#!/usr/bin/env node
'use strict';
// libvips reads this once, when sharp first loads: keep its untrusted loaders blocked.
process.env.VIPS_BLOCK_UNTRUSTED = process.env.VIPS_BLOCK_UNTRUSTED || '1';
// This process only plans, supervises and reports: let V8 favour memory over speed here. Planning
// 10,000 files then peaks ~14 MB lower (bench/memory.js); the pixel work runs elsewhere.
require('node:v8').setFlagsFromString('--optimize-for-size');
require('../dist/cli/main.js').main(process.argv.slice(2));
