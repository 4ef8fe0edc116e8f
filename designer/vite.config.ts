import path from 'node:path';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** The Camunda 8.8 rule set the server lints with (engine/src/model/zeebe-lint.ts). */
const LINT_CONFIG = { extends: 'plugin:camunda-compat/camunda-cloud-8-8' };
const LINT_MODULE = 'virtual:bpmnlint-config';

/**
 * `virtual:bpmnlint-config`: bpmnlint's own compiler turns the server's rule set into a browser
 * bundle (`{ config, resolver }` for bpmn-js-bpmnlint), so the editor lints with the same rules.
 */
function bpmnlintConfig(): Plugin {
  return {
    name: 'warmline-bpmnlint-config',
    resolveId: (id) => (id === LINT_MODULE ? `\0${LINT_MODULE}` : undefined),
    async load(id) {
      if (id !== `\0${LINT_MODULE}`) return undefined;
      const compileConfig = require('bpmnlint/lib/support/compile-config') as (config: object) => Promise<string>;
      return compileConfig(LINT_CONFIG);
    },
  };
}

// Served by the API server at /designer/ (server/src/modules/designer-static); `vite dev` proxies /api to it.
export default defineConfig({
  root: import.meta.dirname,
  base: '/designer/',
  plugins: [bpmnlintConfig()],
  resolve: {
    // The engine's locked-node check (shared with the server) loads bpmn-moddle through createRequire.
    alias: { 'node:module': path.join(import.meta.dirname, 'src/shims/node-module.ts') },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
