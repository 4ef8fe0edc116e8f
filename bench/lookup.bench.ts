/**
 * `npm run bench -- lookup [--max]`: the screen-pop phone lookup (GET /api/phone-lookup, route
 * `phone.lookupAll`) on MariaDB with 1,000,000 households, signed in as an agent of one subsidiary.
 *
 * Default: a fixed rate of 1,000 requests/s for 30 s after a 5 s warm-up; `--max`: 50 connections,
 * no rate limit. Every response must be 200 with the seeded customer among the matches.
 * The server runs in this process, autocannon in a child process.
 * Env: WARMLINE_BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/wl_bench),
 * WARMLINE_BENCH_HOUSEHOLDS (default 1000000).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, startServer } from '@warmline/server';
import { samplePhones, seedGroup } from '@warmline/server/seeding';
import { ApiClient } from '@warmline/server/testing';
import { callerSpellings, Prng, seedLarge } from '@warmline/seed';
import { cpuBetween, cpuSnapshot } from './cpu-usage.js';
import { profileCpu } from './cpu-profile.js';
import type { LoadCase, LoadMessage, LoadPlan, LoadResult } from './lookup-load.js';

const AGENT = { username: 'bench.agent', password: 'Bench@2026' };
const here = path.dirname(fileURLToPath(import.meta.url));

export async function lookupBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      max: { type: 'boolean', default: false },
      rate: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string' },
      /** Staggered autocannon instances sharing the rate (see lookup-load.ts). */
      phases: { type: 'string', default: '10' },
      sample: { type: 'string', default: '20000' },
      /** Sample the server's CPU during the measured run and print where the time went. */
      profile: { type: 'boolean', default: false },
    },
  });
  const databaseUrl = process.env.WARMLINE_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/wl_bench';
  const households = Number(process.env.WARMLINE_BENCH_HOUSEHOLDS ?? 1_000_000);
  const rate = values.max ? null : Number(values.rate);
  const connections = Number(values.connections ?? (values.max ? 50 : 10));

  const config = loadConfig({
    ...process.env,
    WARMLINE_DATABASE_URL: databaseUrl,
    WARMLINE_SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config);
  try {
    // Given: the households (seeded when missing) and an agent of the first subsidiary
    const seeded = await seedLarge(server.services, { households, subsidiaries: 3, onProgress: (line) => console.log(`[seed] ${line}`) });
    const subsidiaryId = seeded.subsidiaryIds[0];
    const sub = (await server.services.orgs.get(subsidiaryId))!;
    await seedGroup(server.services, {
      orgs: [],
      users: [{ username: AGENT.username, displayName: '压测坐席', orgCode: sub.code, roles: ['agent'] }],
      password: AGENT.password,
      skipExisting: true,
      audit: { action: 'seed.bench', reason: '压测账号' },
    });
    const login = await new ApiClient(server.url).post('/api/auth/login', AGENT);
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);

    // Numbers of that subsidiary's customers, each in a random spelling (+86 …, dashes, local landline)
    const rng = new Prng(2026);
    const phones = await samplePhones(server.services, subsidiaryId, Number(values.sample), () => rng.next());
    const cases: LoadCase[] = phones.map((p) => {
      const spelling = rng.pick(callerSpellings(p.normalized, p.kind, sub.area_code));
      return { path: `/api/phone-lookup?phone=${encodeURIComponent(spelling)}`, customerId: p.customerId };
    });
    const landlines = phones.filter((p) => p.kind === 'landline').length;
    console.log(
      `lookup bench: ${seeded.households.toLocaleString('en-US')} households, agent of ${sub.name}, ` +
        `${cases.length.toLocaleString('en-US')} numbers (${landlines.toLocaleString('en-US')} landlines), ` +
        `${rate ? `${rate} req/s in ${values.phases} staggered phases` : 'max rate'}, ${connections} connections, ${values.warmup} s warm-up + ${values.duration} s`,
    );

    // When
    const plan: LoadPlan = {
      url: server.url,
      token: (login.body as { token: string }).token,
      cases,
      rate,
      connections,
      phases: Number(values.phases),
      warmupSec: Number(values.warmup),
      durationSec: Number(values.duration),
    };
    const load = startLoad(plan);
    await load.warm;
    const before = cpuSnapshot();
    const profiled = values.profile ? await profileCpu(() => load.done, path.join(os.tmpdir(), 'warmline-lookup.cpuprofile')) : undefined;
    const result = profiled?.value ?? (await load.done);
    const cpu = cpuBetween(before, cpuSnapshot(), result.cpuMicros);

    // Then
    const summary = {
      benchmark: 'lookup',
      mode: rate ? 'rate' : 'max',
      households: seeded.households,
      rateTarget: rate,
      connections,
      requests: result.requests,
      requestsPerSec: result.requestsPerSec,
      p50Ms: result.latencyMs.p50,
      p90Ms: result.latencyMs.p90,
      p99Ms: result.latencyMs.p99,
      maxMs: result.latencyMs.max,
      errors: result.errors,
      non2xx: result.non2xx,
      misses: result.misses,
      durationSec: result.durationSec,
      cpu,
    };
    console.log(
      [
        `requests     ${summary.requests.toLocaleString('en-US')} in ${summary.durationSec} s = ${summary.requestsPerSec} req/s`,
        `latency (ms) p50 ${summary.p50Ms}  p90 ${summary.p90Ms}  p99 ${summary.p99Ms}  max ${summary.maxMs}  (mean ${result.latencyMs.mean})`,
        `failures     errors ${summary.errors}, non-2xx ${summary.non2xx}, 200 without the customer ${summary.misses}`,
        ...(result.firstMiss ? [`first miss   ${result.firstMiss}`] : []),
        `cpu (cores)  server ${cpu.serverCores}, database ${cpu.databaseCores}, autocannon ${cpu.loadGeneratorCores}, ` +
          `other processes ${cpu.otherCores} (machine ${cpu.machineCores} of ${os.availableParallelism()})`,
        ...(profiled
          ? [
              `server cpu   ${profiled.idlePct}% idle; busy time: ` +
                Object.entries(profiled.buckets)
                  .map(([k, v]) => `${k} ${v}%`)
                  .join(', '),
              `             profile saved to ${path.join(os.tmpdir(), 'warmline-lookup.cpuprofile')}`,
            ]
          : []),
        rate
          ? `target       p99 ≤ 20 ms at ${rate} req/s: ${summary.p99Ms <= 20 && summary.requestsPerSec >= rate * 0.98 ? 'met' : 'MISSED'}`
          : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    console.log(JSON.stringify(summary));
    if (summary.errors || summary.non2xx || summary.misses) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

/** autocannon in a child process: `warm` resolves when its warm-up is over, `done` with its report. */
function startLoad(plan: LoadPlan): { warm: Promise<void>; done: Promise<LoadResult> } {
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-bench-')), 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const child = fork(path.join(here, 'lookup-load.ts'), [planFile], { execArgv: ['--import', 'tsx'] });
  let warmed: () => void;
  const warm = new Promise<void>((resolve) => (warmed = resolve));
  const done = new Promise<LoadResult>((resolve, reject) => {
    let result: LoadResult | undefined;
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'warm') warmed();
      else {
        const { type: _type, ...rest } = m;
        result = rest;
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.rmSync(path.dirname(planFile), { recursive: true, force: true });
      warmed();
      if (result) resolve(result);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
  return { warm, done };
}
