import { z } from 'zod';

// Validation messages in Simplified Chinese for every consumer (server, console, mobile).
z.config(z.locales.zhCN());

export * from './errors.js';
export * from './common.js';
export * from './permissions.js';
export * from './auth.js';
export * from './audit.js';
export * from './org.js';
export * from './users.js';
export * from './roles.js';
export * from './dictionaries.js';
export * from './buildings.js';
export * from './customers.js';
export * from './houses.js';
export * from './process-definitions.js';
