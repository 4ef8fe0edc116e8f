import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** Where `vite build` puts the console (admin/dist). */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../../../admin/dist', import.meta.url));

/** Paths the console's router owns (admin/src/navigation.ts). */
const CONSOLE_ROUTES = /^\/(?:login\/?|pages\/[^/]+\/?)?$/;

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>暖线</title>
<body style="font-family:sans-serif;padding:48px"><h2>管理控制台尚未构建</h2>
<p>请在项目根目录运行 <code>npm run build:console</code> 后刷新本页。接口服务（/api）已正常运行。</p></body></html>`;

/**
 * Serves the built console at `/`: hashed files under /assets are cached for a year (their names
 * change with their content), index.html never is, and the console's own routes (`/`, `/login`,
 * `/pages/…`) fall back to index.html so a reload works. Other paths (/api, other front ends) pass through.
 */
export function consoleStatic(distDir: string = CONSOLE_DIST_DIR): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.use('/assets', (_req, res) => {
    res.status(404).type('text').send('文件不存在');
  });
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(CONSOLE_ROUTES, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.sendFile(indexFile);
  });
  return router;
}
