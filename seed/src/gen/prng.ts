/** A small seeded pseudo-random generator (mulberry32): the same seed gives the same data set. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Like pick, but early items are more likely (roughly Zipf-like): common surnames come first. */
  pickSkewed<T>(items: readonly T[]): T {
    const r = this.next();
    return items[Math.floor(r * r * items.length)];
  }

  /** `count` random digits as a string. */
  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i += 1) s += String(Math.floor(this.next() * 10));
    return s;
  }

  /** A derived generator, so one part of the data does not shift when another part changes. */
  fork(salt: number): Prng {
    return new Prng((this.int(0, 0x7fffffff) ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  }
}
