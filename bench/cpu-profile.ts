import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Buckets of server CPU time, by where the code lives (first match wins). */
const BUCKETS: [name: string, test: (url: string, fn: string) => boolean][] = [
  ['idle', (_u, fn) => fn === '(idle)'],
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  [
    'socket writes (syscalls)',
    (u, fn) => !u && (fn === 'writev' || fn === 'writeBuffer' || fn === 'writeUtf8String' || fn === 'writeLatin1String'),
  ],
  [
    'db driver (sequelize + mysql2)',
    (u) =>
      /node_modules\/(sequelize|mysql2|lru-cache|denque|generate-function|iconv-lite|long|seq-queue|named-placeholders|lodash)\//.test(u),
  ],
  ['auth (session lookup, cache)', (u) => u.includes('/server/src/auth/') || u.includes('/server/src/rbac/')],
  ['lookup code + tenancy', (u) => u.includes('/server/src/modules/') || u.includes('/server/src/tenancy/')],
  ['phone normaliser (libphonenumber)', (u) => u.includes('node_modules/libphonenumber-js')],
  ['validation (zod)', (u) => u.includes('node_modules/zod')],
  [
    'request logging (pino, pino-http)',
    (u) => /node_modules\/(pino|pino-http|pino-std-serializers|sonic-boom|thread-stream|uuid)\//.test(u),
  ],
  [
    'express + router + route table',
    (u) =>
      /node_modules\/(express|router|body-parser|finalhandler|send|content-type|parseurl|qs|type-is|mime|on-finished|statuses)/.test(u) ||
      u.includes('/server/src/core/'),
  ],
  ['node http + streams', (u) => /^node:(_http|http|internal\/streams|net|internal\/stream_base|events|internal\/url|stream)/.test(u)],
  ['other JavaScript', () => true],
];

/**
 * Profile this process's CPU (the server) while `during` runs. Returns the share of busy time per
 * bucket in % (idle excluded) and the idle share of the profiled time.
 */
export async function profileCpu<T>(
  during: () => Promise<T>,
  saveTo?: string,
): Promise<{ value: T; idlePct: number; buckets: Record<string, number> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  const outcome = await during().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  session.disconnect();
  if (!outcome.ok) throw outcome.error;
  if (saveTo) fs.writeFileSync(saveTo, JSON.stringify(profile));
  return { value: outcome.value, ...bucketize(profile) };
}

function bucketize(profile: Profile): { idlePct: number; buckets: Record<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    const bucket = BUCKETS.find(([, test]) => test(frame.url, frame.functionName))![0];
    totals.set(bucket, (totals.get(bucket) ?? 0) + dt);
    all += dt;
  });
  const idle = totals.get('idle') ?? 0;
  totals.delete('idle');
  const pct = (t: number, of: number) => Math.round((t / Math.max(of, 1)) * 1000) / 10;
  return {
    idlePct: pct(idle, all),
    buckets: Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).map(([name, t]) => [name, pct(t, all - idle)])),
  };
}
