import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { fixtures, repoRoot, tempDir } from '../helpers/fixtures';

const run = promisify(execFile);

/** The ```ts blocks of the README's "Library API" section, in order. */
function libraryExamples(): string[] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Library API\n');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(?:ts|typescript|js)\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/**
 * Type errors of the files, as a consumer compiles them: 'imgbatch' is the built package's types.
 * One program for both kinds of consumer (Node16: a `.cts` file is CommonJS, an `.mts` file ESM),
 * so that Node's types are loaded once.
 */
function typeErrors(files: readonly string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    baseUrl: repoRoot,
    paths: { imgbatch: ['dist/index.d.ts'] },
    typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? '' : `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** A folder where `imgbatch` resolves to this package (built) and `photos` holds the fixtures. */
function consumerDir(): string {
  const dir = tempDir('imgbatch-readme-');
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(dir, 'node_modules', 'imgbatch'), 'dir');
  fs.cpSync(fixtures.photosDir, path.join(dir, 'photos'), { recursive: true });
  return dir;
}

const examples = libraryExamples();

describe('README "Library API" examples', () => {
  test('there are examples, and the first is the main runBatch one', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples[0]).toContain('runBatch(');
  });

  test('type-check against the package as commonjs (.cts) and as esm (.mts), with no top-level await', () => {
    const dir = tempDir('imgbatch-readme-types-');
    const files = ['cts', 'mts'].flatMap((ext) =>
      examples.map((code, i) => {
        const file = path.join(dir, `example-${i}.${ext}`);
        fs.writeFileSync(file, code);
        return file;
      }),
    );
    expect(typeErrors(files)).toEqual([]);
  });

  test.each(['commonjs', 'esm'] as const)('the main example runs as %s on the fixtures', async (module) => {
    const dir = consumerDir();
    const js = ts.transpileModule(examples[0] ?? '', {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: module === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS },
    }).outputText;
    const file = path.join(dir, module === 'esm' ? 'main.mjs' : 'main.cjs');
    fs.writeFileSync(file, js);
    const { stdout } = await run(process.execPath, [file], { cwd: dir, timeout: 20_000 });
    expect(stdout).toMatch(/^7 files: 7 ok, 0 failed, 0 skipped; exit code 0$/m);
    const thumbs = fs
      .readdirSync(path.join(dir, 'thumbs'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.webp'));
    expect(thumbs).toHaveLength(7);
  });

  test('the runner example runs (inline runner, then one pool for two batches)', async () => {
    const dir = consumerDir();
    const js = ts.transpileModule(examples[1] ?? '', { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
    fs.writeFileSync(path.join(dir, 'runners.cjs'), js);
    await run(process.execPath, ['runners.cjs'], { cwd: dir, timeout: 20_000 });
    for (const out of ['grey', 'a', 'b']) expect(fs.readdirSync(path.join(dir, out)).filter((f) => !f.startsWith('.'))).toHaveLength(5);
  });

  test('the outputs example runs: three widths in two formats where the photo is that wide, a sepia thumbnail, a manifest', async () => {
    const dir = consumerDir();
    const code = examples.find((e) => e.includes('OutputOption')) ?? '';
    const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
    fs.writeFileSync(path.join(dir, 'outputs.cjs'), js);
    const { stdout } = await run(process.execPath, ['outputs.cjs'], { cwd: dir, timeout: 20_000 });
    // The fixtures are 200 to 600 px wide: 320 fits four, 640 and 1280 none; checker.gif (200 px) gets its own width. Three files each.
    expect(stdout).toMatch(/^5 photos, 15 files$/m);
    const made = fs.readdirSync(path.join(dir, 'site', 'img'));
    expect(made.filter((f) => f.endsWith('-thumb.jpg'))).toHaveLength(5);
    expect(made).toContain('checker-200.webp');
    expect(made).toContain('images.json');
  });
});
