/**
 * `npm run bench -- <name> [options]`: run one benchmark.
 *   lookup [--max] [--rate 1000] [--duration 30] [--warmup 5] [--connections N]   phone lookup (screen pop)
 *   engine [--simple 600] [--ticket 150] [--waiting 10000] [--restore 300] [--skip-mysql]   durable embedded engine
 *   tickets [--rate 20] [--duration 60] [--warmup 10] [--profile]   whole tickets through the HTTP API (MariaDB)
 *   tickets --statements N   N tickets one at a time: SQL statements per action, by shape
 */
const benchmarks: Record<string, () => Promise<(argv: string[]) => Promise<void>>> = {
  lookup: async () => (await import('./lookup.bench.js')).lookupBench,
  engine: async () => (await import('./engine.bench.js')).engineBench,
  tickets: async () => (await import('./tickets.bench.js')).ticketsBench,
};

const [name, ...rest] = process.argv.slice(2);
const load = name ? benchmarks[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> [options]`);
  process.exit(2);
}
try {
  await (
    await load()
  )(rest);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
