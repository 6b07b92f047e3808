/**
 * The layers of src/, lowest first. A module may import from its own layer and the layers below it,
 * never from a layer above: `npm run lint` (and so CI) fails on an upward import. README
 * "Development" states the same rule.
 *
 * - core:    types, formats, errors, names, paths, options (no I/O, no sharp)
 * - ops:     the image operations, one pure function each (sharp pipelines)
 * - job:     one file: read, decode, apply, encode, write atomically
 * - runners: who runs jobs: inline, a piscina pool, a supervised child process
 * - batch:   the batch: discovery, planning, dispatch, the ledger, the summary
 * - report:  human and NDJSON lines, the HTML report (and runBatch, which writes it)
 * - cli:     the yargs layer
 * src/index.ts, the library's entry, sits above them all.
 */
const LAYERS = ['core', 'ops', 'job', 'runners', 'batch', 'report', 'cli'];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-import-from-${layer}`,
  severity: 'error',
  comment: `${layer} may import only from ${LAYERS.slice(0, i + 1).join(', ')}`,
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'core-has-no-io',
      severity: 'error',
      comment: 'core is types and pure functions: no file system, processes, threads or pixels',
      from: { path: '^src/core/' },
      to: { path: '^(node:)?(fs|child_process|worker_threads|net)$|node_modules/(sharp|piscina|fast-glob)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules import each other in one direction only',
      from: {},
      to: { circular: true },
    },
    {
      name: 'index-is-the-only-entry',
      severity: 'error',
      comment: 'nothing in src/ imports the library entry',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
