import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hasEscapedBytes } from '../core/names';

/**
 * Who wrote a temporary: the boot of the machine (first 8 hex digits of the kernel's boot id), the
 * PID namespace (its inode) and the pid in that namespace. A pid alone names a process only within
 * one PID namespace of one boot: containers sharing a volume each have their own pid 1, 2, ….
 */
export interface Writer {
  boot: string;
  pidns: number;
  pid: number;
}

/** Written when /proc/sys/kernel/random/boot_id cannot be read: matches no boot, proves nothing. */
export const UNKNOWN_BOOT = '00000000';
/** Written when /proc/self/ns/pid cannot be read: matches no namespace, proves nothing. */
export const UNKNOWN_PIDNS = 0;
/** Longest file name (bytes) on the file systems imgbatch writes to. */
const NAME_MAX = 255;

function readBoot(): string {
  try {
    const hex = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').replace(/-/g, '').trim().toLowerCase().slice(0, 8);
    return /^[0-9a-f]{8}$/.test(hex) ? hex : UNKNOWN_BOOT;
  } catch {
    return UNKNOWN_BOOT;
  }
}

function readPidNamespace(): number {
  try {
    const n = Number(/^pid:\[(\d+)\]$/.exec(fs.readlinkSync('/proc/self/ns/pid'))?.[1]);
    return Number.isSafeInteger(n) && n > 0 ? n : UNKNOWN_PIDNS;
  } catch {
    return UNKNOWN_PIDNS;
  }
}

let host: { boot: string; pidns: number } | undefined;

/** This process as a writer; the boot and namespace are read once (per module instance). */
export function thisWriter(): Writer {
  host ??= { boot: readBoot(), pidns: readPidNamespace() };
  return { boot: host.boot, pidns: host.pidns, pid: process.pid };
}

/** Bytes `ch` takes on disk: an escaped byte (see names.ts) is one. */
function byteLength(ch: string): number {
  return hasEscapedBytes(ch) ? 1 : Buffer.byteLength(ch);
}

/** Longest prefix of `text` (whole code points) that fits in `maxBytes`. */
function truncateName(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** `.<name>` cut so that it and `suffix` (ASCII) fit in one file name. */
function stemFor(baseName: string, suffix: string): string {
  return `.${truncateName(baseName, NAME_MAX - 1 - suffix.length)}`;
}

/**
 * `.<name>.imgbatch-<boot>-<pidns>-<pid>-<random>.tmp` beside the destination; fits in 255 bytes
 * (the name is shortened, never the suffix).
 */
export function tempPathFor(dest: string): string {
  const w = thisWriter();
  const suffix = `.imgbatch-${w.boot}-${w.pidns}-${w.pid}-${randomBytes(6).toString('hex')}.tmp`;
  return path.join(path.dirname(dest), stemFor(path.basename(dest), suffix) + suffix);
}

/** The name `tempPathFor` makes; captures the stem, boot, PID namespace and pid. */
export const TEMP_NAME = /^(\..*)\.imgbatch-([0-9a-f]{8})-(\d+)-(\d+)-[0-9a-f]{12}\.tmp$/;
/** The name imgbatch 0.1 made (`.<name>.imgbatch-<pid>-<random>.tmp`); captures the stem. */
export const LEGACY_TEMP_NAME = /^(\..*)\.imgbatch-\d+-[0-9a-f]{12}\.tmp$/;

/** A temporary's name taken apart; `writer` is undefined for the 0.1 format (its pid names no namespace). */
export interface TempName {
  stem: string;
  writer: Writer | undefined;
}

/** Parses a temporary's name (either format); null when the name is not one. */
export function parseTempName(name: string): TempName | null {
  const m = TEMP_NAME.exec(name);
  if (m !== null) {
    const [, stem = '', boot = '', pidns = '', pid = ''] = m;
    return { stem, writer: { boot, pidns: Number(pidns), pid: Number(pid) } };
  }
  const legacy = LEGACY_TEMP_NAME.exec(name);
  return legacy === null ? null : { stem: legacy[1] ?? '', writer: undefined };
}

/** Whether `name` is a temporary (current format) that `tempPathFor(dest)` could have made. */
export function isTemporaryOf(name: string, dest: string): boolean {
  const parsed = parseTempName(name);
  if (parsed?.writer === undefined) return false;
  return parsed.stem === stemFor(path.basename(dest), name.slice(parsed.stem.length));
}
