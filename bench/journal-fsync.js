#!/usr/bin/env node
'use strict';
// The incremental state's fsync policy, measured: appending 2,000 state lines (one per finished
// file, the size of a real one) to a file in the given folder (default: the OS temp folder), with
// one write each, and with one write + fdatasync each. Two rounds, alternating. See the README's
// "Incremental builds" (Resume).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const LINES = 2000;
const record = {
  input: '/photos/2026/IMG_0001.jpg',
  size: 4213377,
  mtimeNs: '1796279977060888991',
  ino: '2188218',
  settings: '7d7aa37416e29e27',
  versions: 'e4be6cee26a35f6b',
  outputs: [{ path: 'IMG_0001-320.webp', bytes: 12345, format: 'webp', width: 320, height: 213 }],
  hash: 'd5eec4b93655d903484f65337780f19fbc78026ac097f75599cfa36f2407bb51',
  width: 4000,
  height: 2667,
};
const line = `${JSON.stringify(record)}\n`;
const folder = process.argv[2] ?? os.tmpdir();

function time(sync) {
  const file = path.join(folder, `.journal-fsync-${process.pid}`);
  const fd = fs.openSync(file, 'a');
  const start = process.hrtime.bigint();
  for (let i = 0; i < LINES; i += 1) {
    fs.writeSync(fd, line);
    if (sync) fs.fdatasyncSync(fd);
  }
  fs.fsyncSync(fd);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.closeSync(fd);
  fs.rmSync(file);
  return ms;
}

for (let round = 1; round <= 2; round += 1) {
  for (const sync of [false, true]) {
    const ms = time(sync);
    console.log(`round ${round}, ${sync ? 'write + fdatasync' : 'write only'}: ${ms.toFixed(1)} ms for ${LINES} lines, ${(ms / LINES).toFixed(3)} ms per line`);
  }
}
