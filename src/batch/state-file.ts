import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OutputFormat } from '../core/formats';
import { fsPath } from '../core/names';

/**
 * The state of incremental builds: one file per (output folder, shard), by default
 * `<out>/.imgbatch-state` (`.imgbatch-state.<shard>` for a shard). A header line, then one JSON line
 * per input as each finishes (a journal: the last line of an input wins, `removed` drops it). A run
 * killed at any moment leaves every finished file recorded; a torn last line is ignored. Reruns
 * append, so the file is compacted (rewritten and renamed over) when it holds more than twice as
 * many lines as inputs.
 */
export const STATE_NAME = '.imgbatch-state';
export const STATE_FORMAT = 1;
const HEADER = { imgbatch: 'state', format: STATE_FORMAT };

/** One output an input's build wrote. */
export interface StateOutput {
  /** Relative to the output folder. */
  readonly path: string;
  readonly bytes: number;
  readonly format: OutputFormat;
  readonly width: number;
  readonly height: number;
}

/** What the state knows of one input (the absolute path it was found by). */
export interface StateRecord {
  readonly input: string;
  /** The input as last seen: size, mtime (ns) and inode: the fast path; `hash` decides. */
  readonly size: number;
  readonly mtimeNs: string;
  readonly ino: string;
  /** SHA-256 (hex) of the content the outputs were made from. */
  readonly hash: string;
  /** Hash of everything that shapes the outputs' bytes (ops, formats, encoder options, names). */
  readonly settings: string;
  /** Hash of the versions of imgbatch, sharp, libvips and its codecs. */
  readonly versions: string;
  /** The input's size as shown, for plans that need it (several widths) without reading it again. */
  readonly width: number;
  readonly height: number;
  readonly outputs: readonly StateOutput[];
  /** Outputs of earlier builds that the settings no longer make: `prune` removes them. */
  readonly stale?: readonly StateOutput[];
  /** The last run failed on it: rebuild. */
  readonly failed?: boolean;
}

export interface State {
  readonly file: string;
  readonly records: ReadonlyMap<string, StateRecord>;
  /** Set when the file was not a state this imgbatch reads: it is ignored (moved aside when written). */
  readonly warning?: string;
  readonly foreign: boolean;
  /** Lines in the file, for compaction. */
  readonly lines: number;
  /** The file's size, mtime and inode when read: unchanged, a second read would give the same. */
  readonly stamp?: string;
}

/**
 * The state file of an output folder, or the one `--state` names; a shard's has the shard's name
 * added (`.imgbatch-state.shard-2-of-4`), so shards of one command never share a state or a lock.
 */
export function stateFileOf(outputRoot: string, explicit?: string, shard?: string): string {
  const file = explicit ?? path.join(outputRoot, STATE_NAME);
  return shard === undefined ? file : `${file}.${shard}`;
}

function isRecord(value: unknown): value is StateRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Record<keyof StateRecord, unknown>>;
  return (
    typeof r.input === 'string' &&
    typeof r.size === 'number' &&
    typeof r.mtimeNs === 'string' &&
    typeof r.ino === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.settings === 'string' &&
    typeof r.versions === 'string' &&
    typeof r.width === 'number' &&
    typeof r.height === 'number' &&
    Array.isArray(r.outputs)
  );
}

/** The state's records; a missing file is an empty state, a foreign one an ignored one with a warning. */
export function parseState(file: string, text: string): State {
  const lines = text.split('\n');
  const empty = { file, records: new Map<string, StateRecord>(), lines: 0, foreign: false };
  if (text === '') return empty;
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    header = undefined;
  }
  const h: Partial<Record<'imgbatch' | 'format', unknown>> = typeof header === 'object' && header !== null ? header : {};
  if (h.imgbatch !== 'state' || h.format !== STATE_FORMAT) {
    const what = h.imgbatch === 'state' ? `state format ${String(h.format)}, not ${STATE_FORMAT}` : 'not an imgbatch state';
    return { ...empty, foreign: true, warning: `ignored the state ${file} (${what}): every input is rebuilt` };
  }
  const records = new Map<string, StateRecord>();
  for (const line of lines.slice(1)) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a torn last line
    }
    if (isRecord(value)) records.set(value.input, value);
    else if (typeof value === 'object' && value !== null && 'removed' in value && 'input' in value) records.delete(String(value.input));
  }
  return { file, records, lines: lines.length, foreign: false };
}

const READ = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW;

/** Reads the state (never through a symbolic link); none yet is an empty state. */
export function readState(file: string): State {
  let text = '';
  let stamp: string | undefined;
  try {
    const fd = fs.openSync(fsPath(file), READ);
    try {
      stamp = stampOf(fs.fstatSync(fd, { bigint: true }));
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return { ...parseState(file, ''), foreign: true, warning: `ignored the state ${file} (${(error as Error).message}): every input is rebuilt` };
    }
  }
  return { ...parseState(file, text), ...(stamp === undefined ? {} : { stamp }) };
}

const stampOf = (stat: fs.BigIntStats): string => `${stat.size}:${stat.mtimeNs}:${stat.ino}`;

/** The state file's stamp now (undefined: there is none). */
export function stateStamp(file: string): string | undefined {
  const stat = fs.lstatSync(fsPath(file), { bigint: true, throwIfNoEntry: false });
  return stat === undefined ? undefined : stampOf(stat);
}

/** Writes `lines` to a new file renamed over `file` (fsync'd first): a crash leaves the old or the new. */
function replaceFile(file: string, lines: readonly string[]): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(fsPath(temp), 'wx', 0o644);
  try {
    fs.writeSync(fd, lines.map((l) => `${l}\n`).join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(fsPath(temp), fsPath(file));
}

export interface StateWriter {
  /** Journals one input's new record (or its removal) at once: one `write`, no fsync (see the README). */
  put(record: StateRecord): void;
  remove(input: string): void;
  /** fsyncs the journal and closes it. */
  close(): void;
}

/**
 * Opens the state for appending, under the run's lock. A foreign file is moved aside (to
 * `<file>.foreign`, never deleted); a state with many superseded lines is compacted first; a torn
 * last line is ended so the next record starts on its own line.
 */
export function openState(state: State): StateWriter {
  const { file } = state;
  if (state.foreign && fs.existsSync(fsPath(file))) fs.renameSync(fsPath(file), fsPath(`${file}.foreign`));
  if (state.foreign || state.lines === 0 || state.lines > 2 * state.records.size + 16) {
    replaceFile(file, [JSON.stringify(HEADER), ...[...state.records.values()].map((r) => JSON.stringify(r))]);
  }
  const fd = fs.openSync(fsPath(file), fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_NOFOLLOW);
  const size = fs.fstatSync(fd).size;
  const last = Buffer.alloc(1);
  if (size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) fs.writeSync(fd, '\n');
  let open = true;
  const append = (value: unknown): void => {
    if (!open) return;
    try {
      fs.writeSync(fd, `${JSON.stringify(value)}\n`);
    } catch {
      // a full disk: the input is then not recorded, and the next run rebuilds it
    }
  };
  return {
    put: append,
    remove: (input) => append({ input, removed: true }),
    close() {
      if (!open) return;
      open = false;
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    },
  };
}

/** Every output path (relative to the output folder) the state says imgbatch wrote, stale ones included. */
export function stateOutputs(state: State): string[] {
  return [...state.records.values()].flatMap((r) => [...r.outputs, ...(r.stale ?? [])].map((o) => o.path));
}
