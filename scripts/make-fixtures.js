#!/usr/bin/env node
// Builds fixtures/ deterministically: `npm run fixtures`. The outputs are committed, so a fresh
// clone never needs this script; run it after changing it and commit the result.
//
// fixtures/photos/  valid images only (the README's first command exits 0 on it)
// fixtures/bad/     a corrupt JPEG, a truncated PNG, a text file named .png
//
// Real photos are copied byte for byte from ../shared/fixtures/sharp/ (the team's copy of sharp's
// test fixtures; these three come from recurser/exif-orientation-examples, MIT; see
// fixtures/README.md). Everything else is drawn here with sharp from fixed parameters, so the same
// sharp version gives the same bytes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const sharp = require('sharp');

const root = path.resolve(__dirname, '..', 'fixtures');
const shared = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'sharp');

/** An RGB(A) raw buffer from a per-pixel function (deterministic). */
function raw(width, height, channels, pixel) {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const px = pixel(x, y);
      for (let c = 0; c < channels; c += 1) data[(y * width + x) * channels + c] = px[c];
    }
  }
  return sharp(data, { raw: { width, height, channels } });
}

const gradient = (w, h) => (x, y) => [Math.round((255 * x) / (w - 1)), Math.round((255 * y) / (h - 1)), 128];

async function main() {
  const real = ['Landscape_1.jpg', 'Portrait_6.jpg', 'Landscape_3.jpg'].map((f) => path.join(shared, f));
  const missing = real.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    // Checked before anything is deleted, so a clone without ../shared keeps its committed fixtures.
    throw new Error(`Expected the real photos at ${shared} but cannot find ${missing.join(', ')}; fixtures/ left as it was`);
  }
  const photos = path.join(root, 'photos');
  const bad = path.join(root, 'bad');
  fs.rmSync(photos, { recursive: true, force: true });
  fs.rmSync(bad, { recursive: true, force: true });
  fs.mkdirSync(path.join(photos, 'nested'), { recursive: true });
  fs.mkdirSync(bad, { recursive: true });

  // Real photos (MIT): a landscape, and a portrait stored sideways with EXIF orientation 6.
  fs.copyFileSync(path.join(shared, 'Landscape_1.jpg'), path.join(photos, 'landscape.jpg'));
  fs.copyFileSync(path.join(shared, 'Portrait_6.jpg'), path.join(photos, 'portrait-exif6.jpg'));
  fs.copyFileSync(path.join(shared, 'Landscape_3.jpg'), path.join(photos, 'nested', 'landscape-exif3.jpg'));
  for (const f of ['landscape.jpg', 'portrait-exif6.jpg', 'nested/landscape-exif3.jpg']) fs.chmodSync(path.join(photos, f), 0o644);

  // PNG with alpha: gradient whose right half is half transparent.
  await raw(320, 240, 4, (x, y) => [...gradient(320, 240)(x, y), x < 160 ? 255 : 128])
    .png()
    .toFile(path.join(photos, 'alpha.png'));
  // WebP: colour bars.
  const bars = [
    [230, 30, 30],
    [30, 200, 30],
    [30, 30, 230],
    [240, 220, 40],
  ];
  await raw(400, 300, 3, (x) => bars[Math.floor((x * 4) / 400)])
    .webp({ quality: 80 })
    .toFile(path.join(photos, 'bars.webp'));
  // GIF: a small palette image.
  await raw(200, 150, 3, (x, y) => ((Math.floor(x / 25) + Math.floor(y / 25)) % 2 ? [250, 250, 250] : [20, 60, 160]))
    .gif()
    .toFile(path.join(photos, 'checker.gif'));
  // Synthetic EXIF-rotated JPEG with a known layout: stored 200×100, left half red, right half blue;
  // orientation 6 means "rotate 90° clockwise to display", so it displays 100×200, red on top.
  await raw(200, 100, 3, (x) => (x < 100 ? [220, 20, 20] : [20, 20, 220]))
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toFile(path.join(photos, 'nested', 'rotated-exif6.jpg'));

  // Bad files.
  const good = await raw(64, 48, 3, gradient(64, 48)).jpeg({ quality: 90 }).toBuffer();
  const corrupt = Buffer.concat([good.subarray(0, 300), Buffer.alloc(1500, 0x5a), Buffer.from([0xff, 0xd9])]);
  fs.writeFileSync(path.join(bad, 'corrupt.jpg'), corrupt);
  const png = await raw(120, 90, 3, gradient(120, 90)).png({ compressionLevel: 0 }).toBuffer();
  fs.writeFileSync(path.join(bad, 'truncated.png'), png.subarray(0, Math.floor(png.length * 0.6)));
  fs.writeFileSync(path.join(bad, 'not-an-image.png'), 'This is a text file with an image extension.\n');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
