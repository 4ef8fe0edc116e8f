import assert from 'node:assert/strict';

/**
 * Poll `probe` until it answers something truthy (and return that), or fail naming `what`. For
 * effects that land asynchronously: engine jobs, projector rows, notifications, pushed events.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  intervalMs = 40,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
