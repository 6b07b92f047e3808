import * as v from 'valibot';
import { MAX_PREVIEWS } from './preview';
import { plainText, type OptionSpec } from './option-spec';
import { withThousands } from './round';

/** The options of files a run writes beside its outputs: the manifest and the HTML report (part of `BATCH_OPTION_SPECS`). */
export const FILE_SPECS = {
  manifest: {
    flag: 'manifest',
    group: 'Output',
    schema: v.pipe(v.string(), v.minLength(1)),
    expected: 'a file path',
    value: '<file>',
    help: 'Write a JSON manifest of every input and its outputs, with a srcset per format, to this file (atomically).',
    details: 'Paths in it are relative to its own folder. See [the manifest](#the-manifest).',
    text: plainText,
  },
  baseUrl: {
    flag: 'base-url',
    group: 'Output',
    schema: v.string(),
    expected: 'a URL prefix',
    value: '<prefix>',
    help: "The manifest's URLs are this prefix followed by the output's path relative to the manifest (default: that path alone).",
    details: 'Only with `--manifest`.',
    text: plainText,
  },
  report: {
    flag: 'report',
    group: 'Running and reporting',
    schema: v.pipe(v.string(), v.minLength(1)),
    expected: 'a file path',
    value: '<file.html>',
    help: 'Write an HTML report of the run to this file (atomically, also when interrupted): summary, time histogram, slowest files, failures and skips, and a contact sheet of before/after previews.',
    details: `One offline file, with its previews in \`<file>.files/\` (at most ${withThousands(MAX_PREVIEWS)}). It holds your photos' paths and small copies of them: share it accordingly. Not with \`--dry-run\`. See [the HTML report](#the-html-report).`,
    text: plainText,
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
