/**
 * sharp's own edge-case images (../shared/fixtures/sharp, Apache-2.0, see its MANIFEST.md) through
 * every op: nothing crashes, hangs or is left unexplained, and each file ends as its MANIFEST says.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { listFiles, repoRoot, tempDir } from '../helpers/fixtures';
import type { Json } from '../helpers/run-cli';
import { outputRecord } from '../helpers/results';
import { runBin } from '../helpers/spawn-bin';

const folder = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'sharp');
const present = fs.existsSync(path.join(folder, 'MANIFEST.md'));
if (!present) console.warn(`sharp's fixtures are not at ${folder}: the sharp-fixtures suite is skipped`);
const describeIf = present ? describe : describe.skip;

/** Files the MANIFEST says must fail, with the code imgbatch gives. Everything else must be ok. */
const MUST_FAIL: Readonly<Record<string, string>> = {
  '65536-uint32-limit.png': 'PIXEL_LIMIT',
  'giant-image.jpg': 'PIXEL_LIMIT',
  'corrupt-header.jpg': 'DECODE_FAILED',
  'truncated.jpg': 'DECODE_FAILED',
  'truncated.png': 'DECODE_FAILED',
  'bonne.geo.tif': 'DECODE_FAILED', // a libtiff warning, an error under failOn 'warning'
  'relax.jp2': 'UNSUPPORTED_FORMAT', // named explicitly: no JPEG 2000 decoder
  'vfile.v': 'UNSUPPORTED_FORMAT', // named explicitly: never handed to libvips
};

/**
 * Files a filter run takes apart. Under --format keep a filter re-encodes pitm.avif (4096×800) as a
 * full-size AVIF, ~12 s of the suite's time for each filter; the filter itself is the same on any
 * container, so it runs on that file with --format jpeg (a second, 0.2 s run), and the AVIF encoder
 * is covered by the other ops and by the unit tests. Records of both runs are checked together.
 */
const APART_FOR_FILTERS = 'pitm.avif';

/** Runs the CLI with --json; the records and the exit status. */
async function runJson(args: readonly string[]): Promise<{ records: readonly Json[]; status: number | null }> {
  const r = await runBin([...args, '--allow-svg', '--json']);
  return { records: r.records, status: r.code };
}

/** A copy of the fixtures without `name` (a folder argument takes every file in it). */
function folderWithout(name: string): string {
  const copy = tempDir('imgbatch-sharp-fixtures-');
  for (const f of fs.readdirSync(folder)) if (f !== name) fs.copyFileSync(path.join(folder, f), path.join(copy, f));
  return copy;
}

describeIf.each<{ op: string[] }>([
  { op: ['resize'] },
  { op: ['thumbnail'] },
  // --format keep: several names differ only by extension (truncated.jpg/.png), so any one format
  // would be a plan conflict.
  { op: ['filter', 'grayscale'] },
  { op: ['filter', 'sepia'] },
])("sharp's fixtures through $op", ({ op }) => {
  const out = tempDir();
  let records: readonly Json[] = [];
  let status: number | null = null;
  beforeAll(async () => {
    const filter = op[0] === 'filter';
    const main = await runJson([
      ...op,
      filter ? folderWithout(APART_FOR_FILTERS) : folder,
      path.join(folder, 'relax.jp2'),
      path.join(folder, 'vfile.v'),
      '-o',
      out,
    ]);
    status = main.status;
    records = main.records;
    if (filter) {
      const apart = await runJson([...op, path.join(folder, APART_FOR_FILTERS), '-o', tempDir(), '--format', 'jpeg']);
      expect(apart.status).toBe(0);
      // Its output lies in another folder: checked like the others, not counted in this folder.
      records = [...apart.records.filter((r) => r['type'] === 'file').map((r) => ({ ...r, apart: true })), ...records];
    }
  }, 130_000);

  test('one record per file, each ok or failed with the expected code; exit 1', () => {
    expect(status).toBe(1);
    const files = records.filter((r) => r['type'] === 'file');
    const names = files.map((r) => path.basename(String(r['input'])));
    const expected = fs
      .readdirSync(folder)
      .filter((f) => /\.(jpe?g|png|webp|gif|tiff?|avif|svg)$/i.test(f))
      .concat(['relax.jp2', 'vfile.v']);
    expect([...names].sort()).toEqual([...expected].sort());
    for (const r of files) {
      const name = path.basename(String(r['input']));
      const code = MUST_FAIL[name];
      if (code === undefined) expect({ name, status: r['status'] }).toEqual({ name, status: 'ok' });
      else expect({ name, status: r['status'], code: (r['error'] as Json | undefined)?.['code'] }).toEqual({ name, status: 'failed', code });
    }
    expect(records.at(-1)).toMatchObject({ type: 'summary', failed: Object.keys(MUST_FAIL).length });
  });

  test('every output decodes as 8-bit sRGB (or grey), and no temporaries remain', async () => {
    const outputs = records.filter((r) => r['status'] === 'ok').map((r) => outputRecord(r).path);
    expect(listFiles(out)).toHaveLength(records.filter((r) => r['status'] === 'ok' && r['apart'] !== true).length);
    for (const output of outputs) {
      const meta = await sharp(output).metadata();
      expect({ output, depth: meta.depth, space: meta.space }).toEqual({ output, depth: 'uchar', space: expect.stringMatching(/^(srgb|b-w)$/) });
    }
  });

  if (op[0] === 'resize') {
    test('after auto-orientation every Landscape_* is 4:3 landscape and every Portrait_* is 3:4 portrait', () => {
      for (const r of records.filter((x) => /(Landscape|Portrait)_\d\.jpg$/.test(String(x['input'])))) {
        const w = Number(r['width']);
        const hgt = Number(r['height']);
        const landscape = String(r['input']).includes('Landscape');
        expect({ input: path.basename(String(r['input'])), ratio: Math.round((landscape ? w / hgt : hgt / w) * 100) / 100 }).toEqual({
          input: path.basename(String(r['input'])),
          ratio: 1.33,
        });
      }
    });
  }
});
