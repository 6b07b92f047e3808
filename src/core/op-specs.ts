import * as v from 'valibot';
import { DEFAULT_THUMBNAIL_SIZE, OP_KINDS, type Op } from './ops';
import { wholeNumber, wholeNumberText, type OptionSpec } from './option-spec';

/** The resize command's options, once (see `option-spec.ts`); `ResizeOp` has the same fields. */
export const RESIZE_OPTION_SPECS = {
  width: {
    flag: 'width',
    group: 'Resize',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    value: '<px>',
    help: 'Target width in pixels. Given alone, it fixes the width and the height follows the aspect ratio.',
    text: wholeNumberText,
  },
  height: {
    flag: 'height',
    group: 'Resize',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    value: '<px>',
    help: 'Target height in pixels. Given alone, it fixes the height and the width follows the aspect ratio.',
    text: wholeNumberText,
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/**
 * The thumbnail command's options. The library's `ThumbnailOp` names its size; the CLI's default
 * fills it in.
 */
export const THUMBNAIL_OPTION_SPECS = {
  size: {
    flag: 'size',
    group: 'Thumbnail',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    default: DEFAULT_THUMBNAIL_SIZE,
    value: '<px>',
    help: 'Edge of the square in pixels; smaller inputs are enlarged to it.',
    text: wholeNumberText,
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/** The options each op kind takes, by kind. */
export const OP_OPTION_SPECS = {
  resize: RESIZE_OPTION_SPECS,
  grayscale: {},
  sepia: {},
  thumbnail: THUMBNAIL_OPTION_SPECS,
} as const satisfies Readonly<Record<Op['op'], Readonly<Record<string, OptionSpec>>>>;

const described = <S extends v.GenericSchema>(schema: S, help: string) => v.pipe(schema, v.description(help));

/**
 * The op, as the library and recipes take it: data, one object per kind, named by its `op` field.
 * Strict: a field the op does not take (a typo) is an error, never silently dropped.
 */
export const OP_SCHEMA = v.variant('op', [
  v.strictObject({
    op: v.literal('resize'),
    width: v.exactOptional(described(RESIZE_OPTION_SPECS.width.schema, RESIZE_OPTION_SPECS.width.help)),
    height: v.exactOptional(described(RESIZE_OPTION_SPECS.height.schema, RESIZE_OPTION_SPECS.height.help)),
  }),
  v.strictObject({ op: v.literal('grayscale') }),
  v.strictObject({ op: v.literal('sepia') }),
  v.strictObject({ op: v.literal('thumbnail'), size: described(THUMBNAIL_OPTION_SPECS.size.schema, THUMBNAIL_OPTION_SPECS.size.help) }),
]);

/** What an op's `op` field expects, for messages. */
export const OP_KIND_EXPECTED = `one of ${OP_KINDS.join(', ')}`;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compiles only while the schema and the `Op` type describe the same data, each assignable to the other. */
export type OpSchemaMatchesOp = Assert<Same<v.InferOutput<typeof OP_SCHEMA>, Op>>;
