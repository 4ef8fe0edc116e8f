import { randomBytes } from 'node:crypto';

let last = 0;
let seq = 0;
const node = randomBytes(2).readUInt16BE(0) % 1000;

/**
 * A new numeric key as a string (like Zeebe's 64-bit keys): milliseconds, a per-millisecond
 * sequence and a random node part, so two processes on one database do not collide.
 */
export function newKey(): string {
  const now = Date.now();
  if (now === last) seq += 1;
  else {
    last = now;
    seq = 0;
  }
  return `${now}${String(seq).padStart(4, '0')}${String(node).padStart(3, '0')}`;
}
