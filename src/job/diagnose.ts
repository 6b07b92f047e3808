import type { Sniffed } from './sniff';
import { crc32 } from './crc32';

/**
 * Says what is structurally wrong with a file that failed to decode, from its own bytes. libvips
 * keeps one error buffer per process, so when files fail at the same moment in several worker
 * threads its message may belong to another file, or be empty; this diagnosis never is.
 */
export function diagnose(data: Buffer, sniffed: Sniffed | undefined): string | undefined {
  if (sniffed === 'JPEG') return diagnoseJpeg(data);
  if (sniffed === 'PNG') return diagnosePng(data);
  return undefined;
}

function diagnoseJpeg(data: Buffer): string | undefined {
  // Entropy-coded data stuffs every 0xFF as FF 00, so FF D9 after the last start-of-scan is the end.
  const lastScan = data.lastIndexOf(Buffer.from([0xff, 0xda]));
  if (lastScan < 0) return 'it has no image data (no start-of-scan marker)';
  if (data.indexOf(Buffer.from([0xff, 0xd9]), lastScan) < 0) return 'it is truncated (the image data has no end marker)';
  return undefined;
}

function diagnosePng(data: Buffer): string | undefined {
  let at = 8;
  let sawData = false;
  while (at + 8 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > data.length) return `it is truncated (the file ends inside its ${type} chunk)`;
    const stored = data.readUInt32BE(at + 8 + length);
    if (crc32(data.subarray(at + 4, at + 8 + length)) !== stored) return `its ${type} chunk is damaged (bad CRC)`;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData ? undefined : 'it has no image data (no IDAT chunk)';
    at += 12 + length;
  }
  return 'it is truncated (no IEND chunk)';
}
