/**
 * The recipes in examples/ for more than one machine, run here against local folders: the
 * Kubernetes Indexed Job's command for every completion index, GNU parallel with local slots, and
 * the CI matrix's steps. Each runs the real bin through an `imgbatch` on PATH, so a flag the CLI
 * does not have fails the test (exit 2 is not one of the codes the recipes accept).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { fixtures, listFiles, removeTempDirs, repoRoot, tempDir } from '../helpers/fixtures';
import { parseLines, runCliInProcess, type Json } from '../helpers/run-cli';

afterAll(removeTempDirs);

const examples = path.join(repoRoot, 'examples');

/** A folder with an `imgbatch` that runs this checkout's bin. */
function shim(): string {
  const dir = tempDir('imgbatch-shim-');
  const file = path.join(dir, 'imgbatch');
  fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin', 'imgbatch.js')}" "$@"\n`);
  fs.chmodSync(file, 0o755);
  return dir;
}

/** Photos in nested folders, and three bad files (so shards exit 1, which the recipes accept). */
function archive(dir = tempDir('imgbatch-archive-')): string {
  fs.cpSync(fixtures.photosDir, dir, { recursive: true });
  fs.cpSync(fixtures.badDir, path.join(dir, 'bad'), { recursive: true });
  return dir;
}

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `bash -c script` with `env` added to this process's environment and the shim first on PATH. */
function bash(script: string, env: Record<string, string>, cwd: string, flags: readonly string[] = []): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [...flags, '-c', script], { cwd, env: { ...process.env, ...env, PATH: `${shim()}:${process.env['PATH'] ?? ''}` } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What one run over the whole archive reports: the counts every merge of shards must equal. */
async function oneRun(photos: string, args: readonly string[]): Promise<Json> {
  const run = await runCliInProcess(['thumbnail', photos, '-r', '-o', path.join(tempDir(), 'one'), ...args, '--json'], { inline: true });
  return run.records.at(-1) ?? {};
}

const counts = (summary: Json): Json => ({
  total: summary['total'],
  ok: summary['ok'],
  failed: summary['failed'],
  skipped: summary['skipped'],
  outputs: summary['outputs'],
});

/** `imgbatch merge --json` over a folder's reports: the merged summary. */
async function merged(reports: readonly string[]): Promise<Json> {
  const run = await runCliInProcess(['merge', ...reports, '--json']);
  return parseLines(run.stdout).at(-1) ?? {};
}

describe('examples/kubernetes', () => {
  const job = YAML.parse(fs.readFileSync(path.join(examples, 'kubernetes', 'imgbatch-job.yaml'), 'utf8')) as {
    kind: string;
    spec: {
      completionMode: string;
      completions: number;
      parallelism: number;
      template: { spec: { containers: { args: string[]; env: { name: string; value: string }[] }[] } };
    };
  };
  const container = job.spec.template.spec.containers[0];

  test('an Indexed Job whose command names shard index+1 of completions', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    const script = container?.args[0] ?? '';
    const expression = /--shard (\S+)/.exec(script)?.[1] ?? '';
    expect(expression).toBe(`$((JOB_COMPLETION_INDEX+1))/${job.spec.completions}`);
    // What bash makes of it for every index Kubernetes gives: shards 1 … N, each once.
    const shards = Array.from({ length: job.spec.completions }, (_, i) =>
      spawnSync('bash', ['-c', `echo ${expression}`], { env: { JOB_COMPLETION_INDEX: String(i) }, encoding: 'utf8' }).stdout.trim(),
    );
    expect(shards).toEqual(Array.from({ length: job.spec.completions }, (_, i) => `${i + 1}/${job.spec.completions}`));
  });

  test('every index runs its shard here; the merge job reports what one run would', async () => {
    const root = tempDir('imgbatch-k8s-');
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value.replace(/^\/data/, root)]));
    archive(env['PHOTOS']);
    const n = job.spec.completions;
    const shards = await Promise.all(Array.from({ length: n }, (_, i) => bash(container?.args[0] ?? '', { ...env, JOB_COMPLETION_INDEX: String(i) }, root)));
    for (const s of shards) expect({ code: s.code, stderr: s.stderr }).toEqual({ code: 0, stderr: '' });
    const reports = Array.from({ length: n }, (_, i) => path.join(env['REPORTS'] ?? '', `shard-${i}.ndjson`));
    const shardTotals = reports.map((r) => parseLines(fs.readFileSync(r, 'utf8')).at(-1)?.['total']);
    expect(shardTotals.every((t) => typeof t === 'number')).toBe(true);
    const mergeJob = YAML.parse(fs.readFileSync(path.join(examples, 'kubernetes', 'merge-job.yaml'), 'utf8')) as typeof job;
    const mergeScript = mergeJob.spec.template.spec.containers[0]?.args[0] ?? '';
    const m = await bash(mergeScript, { REPORTS: env['REPORTS'] ?? '' }, root);
    expect(m.code).toBe(1); // the bad files: the worst exit code of the shards
    const one = await oneRun(env['PHOTOS'] ?? '', ['--size', '300']);
    expect(counts(await merged(reports))).toEqual(counts(one));
    expect(listFiles(env['THUMBS'] ?? '').filter((f) => !f.startsWith('.'))).toHaveLength(Number(one['outputs']));
  });
});

const hasParallel = spawnSync('parallel', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasParallel) console.warn('examples/parallel: GNU parallel is not installed; its example is skipped (apt-get install parallel).');

(hasParallel ? describe : describe.skip)('examples/parallel/shards.sh', () => {
  test('three shards on local slots (--sshlogin :), then the merge', async () => {
    const root = tempDir('imgbatch-parallel-');
    const photos = archive(path.join(root, 'photos'));
    const [thumbs, reports] = [path.join(root, 'thumbs'), path.join(root, 'reports')];
    const script = path.join(examples, 'parallel', 'shards.sh');
    const r = await bash(`"${script}" "${photos}" "${thumbs}" "${reports}"`, { HOSTS: '2/:', SHARDS: '3' }, root);
    expect(r.code).toBe(1); // merge's: the bad files
    expect(fs.readdirSync(reports).sort()).toEqual(['shard-1.ndjson', 'shard-2.ndjson', 'shard-3.ndjson']);
    const one = await oneRun(photos, ['--size', '300']);
    expect(counts(await merged(fs.readdirSync(reports).map((f) => path.join(reports, f))))).toEqual(counts(one));
  });
});

interface Step {
  readonly run?: string;
}

describe('examples/github-actions/thumbnails.yml', () => {
  const flow = YAML.parse(fs.readFileSync(path.join(examples, 'github-actions', 'thumbnails.yml'), 'utf8')) as {
    jobs: { shard: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; merge: { needs: string; steps: Step[] } };
  };
  const imgbatchSteps = (steps: readonly Step[]): string[] =>
    steps.flatMap((s) => (s.run !== undefined && / imgbatch (thumbnail|merge)|^imgbatch /.test(s.run) ? [s.run] : []));

  test('every matrix entry runs its shard in a checkout; the merge job merges them all', async () => {
    const matrix = flow.jobs.shard.strategy.matrix.shard;
    expect(matrix).toEqual(Array.from({ length: matrix.length }, (_, i) => i + 1));
    expect(flow.jobs.merge.needs).toBe('shard');
    // One checkout per runner; the merge job's download puts every runner's files in one folder.
    const together = tempDir('imgbatch-gha-');
    const runs = await Promise.all(
      matrix.map(async (shard) => {
        const checkout = tempDir('imgbatch-runner-');
        archive(path.join(checkout, 'photos'));
        for (const step of imgbatchSteps(flow.jobs.shard.steps)) {
          const r = await bash(step.replaceAll('${{ matrix.shard }}', String(shard)), {}, checkout, ['-eo', 'pipefail']);
          expect({ step, code: r.code, stderr: r.stderr }).toEqual({ step, code: 0, stderr: '' });
        }
        fs.cpSync(path.join(checkout, 'thumbs'), path.join(together, 'thumbs'), { recursive: true });
        fs.cpSync(path.join(checkout, 'reports'), path.join(together, 'reports'), { recursive: true });
        return checkout;
      }),
    );
    expect(runs).toHaveLength(matrix.length);
    const [mergeStep] = imgbatchSteps(flow.jobs.merge.steps);
    const m = await bash(mergeStep ?? 'false', {}, together, ['-eo', 'pipefail']);
    expect(m.code).toBe(1); // the bad files
    const reports = fs.readdirSync(path.join(together, 'reports')).map((f) => path.join(together, 'reports', f));
    const one = await oneRun(archive(), ['--size', '300']);
    expect(counts(await merged(reports))).toEqual(counts(one));
  });
});

describe("the README's more-than-one-machine example", () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## More than one machine\n');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';

  test('its lines run as written (three shards in one folder, then the merge), in this process', async () => {
    const dir = tempDir('imgbatch-readme-shards-');
    archive(path.join(dir, 'photos'));
    const lines = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
    let last: Ran | undefined;
    for (const line of lines.filter((l) => l !== '')) {
      const [command = '', redirect] = line.split(' > ');
      const [program, ...args] = command.split(' ');
      if (program === 'mkdir') {
        fs.mkdirSync(path.join(dir, args.at(-1) ?? ''), { recursive: true });
        continue;
      }
      expect(program).toBe('imgbatch');
      // The shell's glob, expanded here.
      const expanded = args.flatMap((a) =>
        a.includes('*')
          ? fs
              .readdirSync(path.join(dir, path.dirname(a)))
              .filter((f) => new RegExp(`^${path.basename(a).replace('*', '.*')}$`).test(f))
              .map((f) => path.join(path.dirname(a), f))
          : [a],
      );
      const run = await runCliInProcess(expanded, { cwd: dir, inline: true });
      if (redirect !== undefined) fs.writeFileSync(path.join(dir, redirect), run.stdout);
      last = { code: run.code, stdout: run.stdout, stderr: run.stderr };
    }
    expect(last?.code).toBe(1); // the bad files
    expect(last?.stdout).toMatch(/^3 runs merged: 7 ok, 3 failed, 0 skipped/);
  });
});
