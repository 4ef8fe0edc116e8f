import fs from 'node:fs';

/**
 * Where the CPU went during a benchmark window (Linux /proc): this process (the server), the
 * database server, and the whole machine — so a run disturbed by other work shows it.
 */
export interface CpuSnapshot {
  at: number;
  self: NodeJS.CpuUsage;
  /** Ticks (user + system) of mariadbd/mysqld processes. */
  dbTicks: number;
  machineBusy: number;
  machineTotal: number;
}

const TICKS_PER_SEC = 100;

function databaseTicks(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

function machineTicks(): { busy: number; total: number } {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - cpu[3] - (cpu[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const m = machineTicks();
  return { at: performance.now(), self: process.cpuUsage(), dbTicks: databaseTicks(), machineBusy: m.busy, machineTotal: m.total };
}

/** Cores used on average between two snapshots; `loadCpuMicros` is the load generator's own CPU time. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, loadCpuMicros: number) {
  const seconds = (b.at - a.at) / 1000;
  const cores = (n: number) => Math.round((n / seconds) * 100) / 100;
  const server = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6;
  const db = (b.dbTicks - a.dbTicks) / TICKS_PER_SEC;
  const load = loadCpuMicros / 1e6;
  const machine = (b.machineBusy - a.machineBusy) / TICKS_PER_SEC;
  return {
    serverCores: cores(server),
    databaseCores: cores(db),
    loadGeneratorCores: cores(load),
    /** Everything else running on the machine meanwhile (other tests, other benchmarks). */
    otherCores: cores(Math.max(0, machine - server - db - load)),
    machineCores: cores(machine),
  };
}
