import * as v from 'valibot';
import { formatExpected } from './formats';
import { RESIZE_OPTION_SPECS, THUMBNAIL_OPTION_SPECS } from './op-specs';
import type { OptionSpec, TextForm } from './option-spec';
import { BATCH_OPTION_SPECS } from './option-specs';

/** `"320, 640,1280"` → each item through `item`: a comma-separated list of one flag's values. */
function listText(item: TextForm): TextForm {
  return {
    parse: v.pipe(
      v.string(),
      v.transform((text) => text.split(',')),
      v.array(item.parse),
    ),
    ...(item.expected === undefined ? {} : { expected: `a comma-separated list, each ${item.expected}` }),
  };
}

/** The list form of one option: each item as the option's own schema checks it. */
function listOf(spec: OptionSpec, flag: string, expected: string, help: string) {
  return {
    flag,
    group: spec.group,
    schema: v.pipe(
      v.array(spec.schema),
      v.minLength(1),
      v.check((items) => new Set(items).size === items.length, 'a value is given twice'),
    ),
    expected,
    value: '<list>',
    help,
    text: listText(spec.text ?? { parse: v.string() }),
  } as const satisfies OptionSpec;
}

const FORMAT = BATCH_OPTION_SPECS.format;

/**
 * Flags that ask for several outputs per input, one per value (the command line's shorthand for
 * the library's `outputs`). Each item is checked by the single option's own schema; giving a list
 * and its single flag (`--widths` and `--width`) is a usage error.
 */
export const FORMATS_LIST_SPECS = {
  formats: listOf(
    { ...FORMAT, text: { parse: FORMAT.text.parse } },
    'formats',
    `a comma-separated list, each ${formatExpected()}`,
    'Several output formats, comma-separated (--formats avif,webp,jpeg): one output per format (and per width or size), from one decode.',
  ),
} as const;

export const RESIZE_LIST_SPECS = {
  widths: listOf(
    RESIZE_OPTION_SPECS.width,
    'widths',
    'a comma-separated list of positive integers',
    "Several widths, comma-separated (--widths 320,640,1280): one output per width, from one decode. A width above the source's is not made; when none fits, one output at the source's own width is.",
  ),
} as const;

export const THUMBNAIL_LIST_SPECS = {
  sizes: listOf(
    THUMBNAIL_OPTION_SPECS.size,
    'sizes',
    'a comma-separated list of positive integers',
    'Several square sizes, comma-separated (--sizes 150,300): one thumbnail per size, from one decode.',
  ),
} as const;

/** Each list flag and the single option it is the list form of. */
export const LIST_OF = { formats: 'format', widths: 'width', sizes: 'size' } as const;
