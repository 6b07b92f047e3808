#!/usr/bin/env node
'use strict';
// libvips reads this once, when sharp first loads: keep its untrusted loaders blocked.
process.env.VIPS_BLOCK_UNTRUSTED = process.env.VIPS_BLOCK_UNTRUSTED || '1';
require('../dist/cli/main.js').main(process.argv.slice(2));
