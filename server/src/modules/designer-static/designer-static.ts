import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { consoleStatic } from '../console/console-static.js';

/** Where `vite build` puts the process designer (designer/dist). */
export const DESIGNER_DIST_DIR = fileURLToPath(new URL('../../../../designer/dist', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>暖线 · 流程设计器</title>
<body style="font-family:sans-serif;padding:48px"><h2>流程设计器尚未构建</h2>
<p>请在项目根目录运行 <code>node scripts/ensure-built.mjs designer</code>（或重新 <code>npm start</code>）后刷新本页。</p></body></html>`;

/**
 * Serves the built designer at `/designer/` with the console's static rules (long-cached hashed
 * assets, index.html never cached, deep links fall back to it). Mounted before the console's
 * catch-all at `/`, so `/designer/…` never ends at the console.
 */
export function designerStatic(distDir: string = DESIGNER_DIST_DIR): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  router.get(/^(?!\/assets\/).*/, (req, res, next) => {
    if (!req.accepts('html') || fs.existsSync(indexFile)) return next();
    res.status(503).type('html').send(NOT_BUILT_PAGE);
  });
  router.use(consoleStatic(distDir));
  return router;
}
