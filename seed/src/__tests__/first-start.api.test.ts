import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '@warmline/server/testing';
import { DEMO_PASSWORD } from '../demo/demo-accounts.js';
import { DEMO_HOUSEHOLDS } from '../demo/demo-org.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-first-start-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  url: string;
  messages: string[];
  stop: () => Promise<void>;
}

/** `npm start` (server/src/main.ts) on the shared data dir, until it reports it is running. */
function npmStart(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      WARMLINE_DATA_DIR: dataDir,
      WARMLINE_DATABASE_URL: 'sqlite',
      WARMLINE_SEED_DEMO: 'true',
      WARMLINE_BCRYPT_ROUNDS: '4',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const messages: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s: ${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let entry: { msg?: string; url?: string };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        if (!entry.msg) continue;
        messages.push(entry.msg);
        if (entry.msg === 'Warmline is running' && entry.url) {
          clearTimeout(timer);
          resolve({
            url: entry.url,
            messages,
            stop: async () => {
              child.kill('SIGTERM');
              await exited;
            },
          });
        }
      }
    });
  });
}

async function snapshot(url: string) {
  const login = await new ApiClient(url).post('/api/auth/login', { username: 'demo.admin', password: DEMO_PASSWORD });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const api = new ApiClient(url, login.body.token);
  const subs = (await api.get('/api/org-units?type=subsidiary')).body as { id: number }[];
  let houses = 0;
  for (const s of subs) houses += (await api.get(`/api/subsidiaries/${s.id}/houses?pageSize=1`)).body.total;
  return {
    orgUnits: (await api.get('/api/org-units')).body.length,
    users: (await api.get('/api/users?pageSize=1')).body.total,
    subsidiaries: subs.length,
    houses,
  };
}

test('given an empty data dir, when npm start runs twice, then the first start seeds the demo and the second leaves it as it is', async () => {
  // When: first start on an empty data dir
  const first = await npmStart();
  let seeded;
  try {
    seeded = await snapshot(first.url);
  } finally {
    await first.stop();
  }
  // Then
  assert.ok(first.messages.includes('empty data directory: seeding the demo data set'));
  assert.ok(first.messages.includes('demo seed finished'));
  assert.equal(seeded.subsidiaries, 3);
  assert.equal(seeded.houses, DEMO_HOUSEHOLDS);

  // When: second start on the same data dir
  const second = await npmStart();
  let again;
  try {
    again = await snapshot(second.url);
  } finally {
    await second.stop();
  }
  // Then: no seeding, nothing duplicated
  assert.ok(!second.messages.some((m) => m.includes('seed')), second.messages.join('\n'));
  assert.deepEqual(again, seeded);
});
