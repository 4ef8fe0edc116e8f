export { loadConfig, type Config } from './config.js';
export { startServer, type RunningServer } from './server.js';
export type { Services } from './services.js';
export { routeTable } from './routes.js';
