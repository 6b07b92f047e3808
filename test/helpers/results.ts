import type { JobResult, OkResult } from '../../src';

/** An ok result of a one-output run, with its output's path and size beside the input's facts. */
export type OneOutput = OkResult & { readonly output: string; readonly outWidth: number; readonly outHeight: number };

/** The result as an ok result with exactly one output (a test of a one-output run fails otherwise). */
export function oneOutput(r: JobResult | undefined): OneOutput {
  if (r?.status !== 'ok') throw new Error(`expected an ok result, got ${JSON.stringify(r)}`);
  const [only, ...more] = r.outputs;
  if (only === undefined || more.length > 0) throw new Error(`expected one output, got ${JSON.stringify(r.outputs)}`);
  return { ...r, output: only.path, outWidth: only.width, outHeight: only.height };
}

/** An output of an NDJSON record (schema 2). */
export interface OutputRecord {
  readonly path: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly ms: number;
}

/** The one output an NDJSON file record lists (a test of a one-output run fails otherwise). */
export function outputRecord(record: Readonly<Record<string, unknown>> | undefined): OutputRecord {
  const outputs = record?.['outputs'];
  if (!Array.isArray(outputs) || outputs.length !== 1) throw new Error(`expected a record with one output, got ${JSON.stringify(record)}`);
  return outputs[0] as OutputRecord;
}
