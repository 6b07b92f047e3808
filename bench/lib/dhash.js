'use strict';
// A picture check for outputs of different tools: a 64-bit difference hash (dHash) of each and
// the number of bits that differ (0 = alike; ≤ 5 = the same picture, encoded differently).
const sharp = require('sharp');

/** The dHash of an image file: each bit says whether a pixel of a 9×8 greyscale thumbnail is brighter than its right neighbour. */
async function dhash(file) {
  const px = await sharp(file).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer();
  let bits = 0n;
  for (let y = 0; y < 8; y += 1) for (let x = 0; x < 8; x += 1) bits = (bits << 1n) | ((px[y * 9 + x] ?? 0) > (px[y * 9 + x + 1] ?? 0) ? 1n : 0n);
  return bits;
}

const popcount = (n) =>
  n
    .toString(2)
    .split('')
    .filter((c) => c === '1').length;

module.exports = { dhash, popcount };
