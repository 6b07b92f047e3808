import fs from 'node:fs';
import path from 'node:path';
import { LEDGER_NAME, openLedger, readLedger } from '../../src/batch/ledger';
import { tempDir } from '../helpers/fixtures';

describe('the ledger of outputs imgbatch wrote', () => {
  test('records paths relative to the output folder; a torn or foreign line is ignored', async () => {
    const out = tempDir('imgbatch-ledger-');
    const ledger = openLedger(out);
    ledger.record(path.join(out, 'a.jpg'), 10);
    ledger.record(path.join(out, 'sub', 'b.jpg'), 20);
    ledger.close();
    fs.appendFileSync(path.join(out, LEDGER_NAME), 'not json\n{"path":');
    expect([...(await readLedger(out))].sort()).toEqual(['a.jpg', path.join('sub', 'b.jpg')]);
  });

  test('none yet: an empty set, never an error', async () => {
    expect((await readLedger(tempDir('imgbatch-ledger-'))).size).toBe(0);
  });

  test('reruns that doubled it are compacted to one line per path, last one kept', async () => {
    const out = tempDir('imgbatch-ledger-');
    const lines = [];
    for (let run = 0; run < 40; run += 1) for (let i = 0; i < 100; i += 1) lines.push(JSON.stringify({ path: `f${i}.jpg`, bytes: run }));
    fs.writeFileSync(path.join(out, LEDGER_NAME), `${lines.join('\n')}\n`);
    openLedger(out).close();
    const kept = fs.readFileSync(path.join(out, LEDGER_NAME), 'utf8').trim().split('\n');
    expect(kept).toHaveLength(100);
    expect(JSON.parse(kept[0] ?? '{}')).toEqual({ path: 'f0.jpg', bytes: 39 });
    expect(fs.readdirSync(out)).toEqual([LEDGER_NAME]);
  });

  test('a ledger that is a symbolic link is neither read nor written through', async () => {
    const out = tempDir('imgbatch-ledger-');
    const elsewhere = path.join(tempDir('imgbatch-ledger-'), 'target');
    fs.writeFileSync(elsewhere, `${JSON.stringify({ path: 'x.jpg', bytes: 1 })}\n`);
    fs.symlinkSync(elsewhere, path.join(out, LEDGER_NAME));
    expect((await readLedger(out)).size).toBe(0);
    const ledger = openLedger(out);
    ledger.record(path.join(out, 'a.jpg'), 5);
    ledger.close();
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe(`${JSON.stringify({ path: 'x.jpg', bytes: 1 })}\n`);
  });
});
