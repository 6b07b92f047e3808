import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LEDGER_NAME } from '../../src/batch/ledger';

export const repoRoot = path.resolve(__dirname, '..', '..');
const at = (...parts: string[]): string => path.join(repoRoot, 'fixtures', ...parts);

/** Named fixture paths (sharp's style): tests never spell fixture paths themselves. */
export const fixtures = {
  photosDir: at('photos'),
  badDir: at('bad'),
  /** Real photo, 600×450, EXIF orientation 1 (recurser/exif-orientation-examples, MIT). */
  landscapeJpg: at('photos', 'landscape.jpg'),
  /** Real photo stored 600×450 with EXIF orientation 6: displays 450×600. */
  portraitExif6Jpg: at('photos', 'portrait-exif6.jpg'),
  /** 320×240 RGBA PNG, right half 50% transparent. */
  alphaPng: at('photos', 'alpha.png'),
  /** 400×300 WebP colour bars. */
  barsWebp: at('photos', 'bars.webp'),
  /** 200×150 GIF. */
  checkerGif: at('photos', 'checker.gif'),
  nestedDir: at('photos', 'nested'),
  /** Stored 200×100 (left red, right blue) with EXIF orientation 6: displays 100×200, red on top. */
  rotatedExif6Jpg: at('photos', 'nested', 'rotated-exif6.jpg'),
  /** Real photo, EXIF orientation 3. */
  landscapeExif3Jpg: at('photos', 'nested', 'landscape-exif3.jpg'),
  corruptJpg: at('bad', 'corrupt.jpg'),
  truncatedPng: at('bad', 'truncated.png'),
  textPng: at('bad', 'not-an-image.png'),
} as const;

/** Files directly in fixtures/photos (not nested). */
export const topLevelPhotos = [fixtures.alphaPng, fixtures.barsWebp, fixtures.checkerGif, fixtures.landscapeJpg, fixtures.portraitExif6Jpg];

const created: string[] = [];

/** A fresh, empty temporary folder; removed after the test file by `removeTempDirs` (see jest.setup.ts). */
export function tempDir(prefix = 'imgbatch-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes a tree of files under root: `{ 'a/b.jpg': Buffer | string }`. */
export function writeTree(root: string, files: Record<string, Buffer | string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Every file below root, relative, sorted. */
/** Every file below `root`, relative and sorted; the output folder's ledger is not listed. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === LEDGER_NAME) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Three photos `a.jpg`, `b.jpg` (EXIF 6) and `c.png` in `dir` (made when missing; a fresh temporary
 * folder by default), and an output folder path that does not exist yet: incremental builds' tests.
 */
export function threePhotos(dir = tempDir()): { dir: string; out: string } {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
  fs.copyFileSync(fixtures.portraitExif6Jpg, path.join(dir, 'b.jpg'));
  fs.copyFileSync(fixtures.alphaPng, path.join(dir, 'c.png'));
  return { dir, out: path.join(tempDir(), 'out') };
}

/** A name that is an HTML tag: a report must show it as text. */
export const TAG_NAME = '<img src=x onerror=alert(1)>.jpg';

/**
 * A folder of inputs for the HTML report's tests: three good photos (one named `TAG_NAME`), two
 * bad files (corrupt, not an image) and a FIFO named like a photo (skipped): 6 inputs, 3 ok, 2
 * failed, 1 skipped.
 */
export function reportInputs(): string {
  const dir = tempDir('imgbatch-report-in-');
  writeTree(dir, {
    'landscape.jpg': fs.readFileSync(fixtures.landscapeJpg),
    'alpha.png': fs.readFileSync(fixtures.alphaPng),
    [TAG_NAME]: fs.readFileSync(fixtures.portraitExif6Jpg),
    'corrupt.jpg': fs.readFileSync(fixtures.corruptJpg),
    'not-an-image.png': fs.readFileSync(fixtures.textPng),
  });
  execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
  return dir;
}
