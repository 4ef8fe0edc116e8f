import { defineConfig } from 'vite';

// Third-party code amis pulls in (react-pdf's 'use client', monaco's UMD header, a library's eval): harmless here.
const QUIET_WARNINGS = new Set(['MODULE_LEVEL_DIRECTIVE', 'COMMONJS_VARIABLE_IN_ESM', 'EVAL']);

// The console is served by the API server at `/` (server/src/modules/console); `vite dev` proxies /api to it.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rolldownOptions: {
      onwarn(warning, warn) {
        if (!QUIET_WARNINGS.has(warning.code ?? '')) warn(warning);
      },
    },
  },
  // amis' theme CSS holds a few rules lightningcss cannot parse: keep them instead of failing the build.
  css: { lightningcss: { errorRecovery: true } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
