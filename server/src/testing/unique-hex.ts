import crypto from 'node:crypto';

const prefix = crypto.randomBytes(1).toString('hex');
let counter = crypto.randomInt(0, 0x1000);

/**
 * A token for names and numbers that must not repeat within a test run: 6 hex characters (more once
 * 65,536 were taken), never the same twice in one process. Random bytes alone collided: the
 * isolation matrix creates thousands of customers, and 3 random bytes repeat there about once in ten runs.
 */
export function uniqueHex(): string {
  counter += 1;
  return `${prefix}${counter.toString(16).padStart(4, '0')}`;
}

let mobileCounter = crypto.randomInt(0, 90_000_000);

/** A mainland mobile number (`prefix` + 8 digits) never handed out twice in one process. */
export function uniqueMobile(prefix = '139'): string {
  mobileCounter = (mobileCounter + 1) % 100_000_000;
  return `${prefix}${String(mobileCounter).padStart(8, '0')}`;
}
