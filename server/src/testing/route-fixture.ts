import type { TestServer } from './test-server.js';
import type { World, WorldSubsidiary } from './world.js';

/** What a route fixture gets: the world, the subsidiary the request must target, a marker for names. */
export interface FixtureEnv {
  server: TestServer;
  world: World;
  /** The subsidiary whose data the request reaches (A or B). */
  target: WorldSubsidiary;
  /**
   * A string to put in every name the fixture creates (e.g. `房屋${marker}`), so the isolation
   * matrix can check that nothing of the other subsidiary leaks into a response.
   */
  marker: string;
  /** A fresh short unique token for codes and usernames ([a-z0-9], 6 chars). */
  unique: () => string;
}

export interface FixtureRequest {
  /** Full path including /api and any query string. */
  path: string;
  body?: unknown;
  upload?: { field: string; fileName: string; content: Buffer };
  /**
   * The isolation matrix's positive control sends the request as the group admin even when the
   * subsidiary admin holds the permission — for steps the fixture gave to the group admin (a task).
   */
  asGroupAdmin?: boolean;
}

/**
 * A valid request for one route, reaching data of `env.target`. It may create prerequisites
 * through the API as the group admin (`env.server.admin`). Called many times: create fresh data each time.
 */
export type RouteFixture = (env: FixtureEnv) => Promise<FixtureRequest>;

/** Fixtures keyed by route id. Every route of the table must have one (a test enforces it). */
export type RouteFixtures = Record<string, RouteFixture>;
