import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { QueryTypes, Sequelize } from 'sequelize';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'kill-child.ts');

function run(args: string[]): { proc: ChildProcess; line: (text: string) => Promise<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const waiters: { text: string; resolve: (line: string) => void }[] = [];
  proc.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => l.startsWith(w.text));
      if (line) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    proc,
    line: (text) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ text, resolve });
        proc.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${text}`)));
      }),
  };
}

test('given instances waiting at user tasks, pending timers and parents waiting for children at call activities, when the engine process is killed with SIGKILL and restarted, then every instance finishes and each timer fires exactly once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wle-kill-'));
  const n = 10;
  try {
    const first = run(['start', dir, String(n)]);
    await first.line('ready');
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));

    const db = new Sequelize({ dialect: 'sqlite', storage: path.join(dir, 'A.sqlite'), logging: false });
    const pending = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM engine_timers WHERE fired_at IS NULL', {
      type: QueryTypes.SELECT,
    });
    assert.ok(
      Number(pending[0].n) > n,
      'timers were still pending at the kill (the boundary timers of the user tasks and some of the 3 s timers)',
    );

    const second = run(['resume', dir]);
    const done = await second.line('done');
    await new Promise((r) => second.proc.once('exit', r));
    assert.equal(done, `done ${2 * n}`, 'the approval tasks and the child tasks');

    const states = await db.query<{ process_id: string; state: string; n: number }>(
      'SELECT process_id, state, COUNT(*) AS n FROM engine_instances GROUP BY process_id, state ORDER BY process_id',
      { type: QueryTypes.SELECT },
    );
    assert.deepEqual(
      states.map((s) => [s.process_id, s.state, Number(s.n)]),
      [
        ['k-approval', 'completed', n],
        ['k-child', 'completed', n],
        ['k-parent', 'completed', n],
        ['k-timer', 'completed', n],
      ],
    );
    const timers = await db.query<{ instance_key: string; fired: number; total: number }>(
      "SELECT t.instance_key, SUM(CASE WHEN t.fired_at IS NULL THEN 0 ELSE 1 END) AS fired, COUNT(*) AS total FROM engine_timers t JOIN engine_instances i ON i.instance_key = t.instance_key WHERE i.process_id = 'k-timer' GROUP BY t.instance_key",
      { type: QueryTypes.SELECT },
    );
    assert.equal(timers.length, n);
    for (const t of timers) assert.deepEqual([Number(t.fired), Number(t.total)], [1, 1], `timer of ${t.instance_key}`);
    const jobs = await db.query<{ instance_key: string; n: number }>(
      'SELECT instance_key, COUNT(*) AS n FROM kill_log GROUP BY instance_key',
      { type: QueryTypes.SELECT },
    );
    assert.equal(jobs.length, n);
    for (const j of jobs) assert.equal(Number(j.n), 1, `the job after the timer of ${j.instance_key} ran once`);
    await db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
