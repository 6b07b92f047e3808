import * as lib from '../../src';

describe('the library exports its contract and nothing else', () => {
  test('the runtime exports, by name', () => {
    expect(Object.keys(lib).sort()).toEqual(
      [
        'BUILD_REASONS',
        'DEFAULTS',
        'DEFAULT_BENCH_SAMPLE',
        'RECOMMEND_RULE',
        'benchChartSvg',
        'benchConcurrencies',
        'recommendConcurrency',
        'runBench',
        'DEFAULT_THUMBNAIL_SIZE',
        'ExitCode',
        'FORMAT_CHOICES',
        'ImgbatchError',
        'JOB_ERROR_CODES',
        'MANIFEST_VERSION',
        'mergeReports',
        'NAME_TOKENS',
        'RECIPE_SCHEMA_FILE',
        'OptionsError',
        'PlanError',
        'TerminatedError',
        'UsageError',
        'createInlineRunner',
        'createPoolRunner',
        'createSupervisedRunner',
        'formatIssue',
        'pathBytes',
        'planBatch',
        'resolveOptions',
        'runBatch',
        'validateOptions',
        'writeHtmlReport',
      ].sort(),
    );
  });

  test.each([
    'processJob',
    'blockingFileIO',
    'asyncFileIO',
    'forkWorkerProcess',
    'percentile',
    'summarize',
    'totals',
    'parseReport',
    'splitPathList',
    'worstExitCode',
    'discover',
    'planJobs',
    'prepareBatch',
  ])('internal %s is not exported', (name) => {
    expect(Object.keys(lib)).not.toContain(name);
  });
});
