export * from './test-server.js';
export * from './api-client.js';
export * from './each-db.js';
export * from './world.js';
export * from './route-fixture.js';
export * from './db-fingerprint.js';
export * from './all-fixtures.js';
export * from './second-server.js';
