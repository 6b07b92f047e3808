/**
 * The README's "Merging reports" section: its commands run as written (in a folder holding the
 * fixtures, a shell's work done here: mkdir, redirection, the glob, find), and the last one prints
 * what the section shows, but for times, rates and sizes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, repoRoot, tempDir } from '../helpers/fixtures';
import { runCliInProcess, type CliRun } from '../helpers/run-cli';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const section = ((): string => {
  const start = readme.indexOf('\n## Merging reports (`imgbatch merge`)\n');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
})();
const blocks = (lang: string): string[] => [...section.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '');
const commands = (blocks('sh')[0] ?? '')
  .split('\n')
  .map((l) => l.replace(/\s+#.*$/, ''))
  .filter((l) => l !== '');

/** Numbers, with their units, and times: what differs from run to run. */
const shape = (text: string): string[] =>
  text
    .trimEnd()
    .split('\n')
    .map((l) =>
      l
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
        .replace(/\d+(\.\d+)? (images|MP|MB)\/s/g, '<rate>')
        .replace(/\d+(\.\d+)? (ms|s|B|KB|MB)\b/g, '<n>'),
    )
    .sort();

/** One line of the block, as sh would run it in `dir`. */
async function sh(line: string, dir: string): Promise<CliRun | undefined> {
  const [command = '', redirect] = line.split(' > ');
  const [program, ...args] = command.split(' ');
  if (program === 'mkdir') {
    fs.mkdirSync(path.join(dir, args[args.length - 1] ?? ''), { recursive: true });
    return undefined;
  }
  if (program === 'find') {
    const roots = args.slice(0, args.indexOf('-type'));
    const found = roots.flatMap((root) => listFiles(path.join(dir, root)).map((f) => path.join(root, f)));
    fs.writeFileSync(path.join(dir, redirect ?? ''), `${found.join('\n')}\n`);
    return undefined;
  }
  expect(program).toBe('imgbatch');
  const globbed = args.flatMap((a) =>
    a === 'reports/*.ndjson'
      ? fs
          .readdirSync(path.join(dir, 'reports'))
          .sort()
          .map((f) => `reports/${f}`)
      : [a],
  );
  const run = await runCliInProcess(globbed, { cwd: dir, inline: true });
  if (redirect !== undefined) fs.writeFileSync(path.join(dir, redirect), run.stdout);
  return run;
}

describe('README "Merging reports"', () => {
  test('the commands run, and the last prints what the section shows (exit code 1)', async () => {
    expect(commands.filter((c) => c.startsWith('imgbatch merge '))).toHaveLength(2);
    const dir = tempDir('imgbatch-readme-merge-');
    fs.cpSync(fixtures.photosDir, path.join(dir, 'fixtures', 'photos'), { recursive: true });
    fs.cpSync(fixtures.badDir, path.join(dir, 'fixtures', 'bad'), { recursive: true });
    let last: CliRun | undefined;
    for (const line of commands) last = await sh(line, dir);
    expect(last?.code).toBe(1);
    expect(shape(last?.stdout ?? '')).toEqual(shape(blocks('text')[0] ?? ''));
  });
});
