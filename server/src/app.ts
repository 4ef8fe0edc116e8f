import crypto from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { AppError } from './core/app-error.js';
import { errorHandler } from './core/error-handler.js';
import { mountRoutes } from './core/mount-routes.js';
import { buildOpenApi } from './core/openapi.js';
import type { AnyRoute } from './core/route-table.js';
import type { Services } from './services.js';
import { consoleStatic } from './modules/console/console-static.js';
import { designerStatic } from './modules/designer-static/designer-static.js';

export const API_VERSION = '0.1.0';

export function createApp(services: Services, routes: AnyRoute[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: services.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(express.json({ limit: services.config.maxBodyBytes, strict: false }));

  const openapi = buildOpenApi(routes, API_VERSION);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api', mountRoutes(routes, services));
  app.use('/api', (_req, _res, next) => next(new AppError('NOT_FOUND', '接口不存在')));
  app.use('/designer', designerStatic());
  app.use(consoleStatic());
  app.use(errorHandler(services.logger));
  return app;
}
