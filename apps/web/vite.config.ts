import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import CountReporter from './vitest-count-reporter';

// The console: built into dist/apps/web, which the api and standalone apps serve at `/`.
// `vite` (dev) proxies /api to a local Axiom Flow (VITE_API_TARGET, default the API's port 8001).
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, '../../dist/apps/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        // libraries in their own files: they keep their hash (and the browser's cache) across console releases
        manualChunks: (id) => {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(recharts|d3-|victory-vendor|lodash)/.test(id)) return 'charts';
          if (id.includes('node_modules/@mantine/')) return 'mantine';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env['VITE_API_TARGET'] ?? 'http://127.0.0.1:8001' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    testTimeout: 15_000,
    reporters: ['default', new CountReporter()],
  },
});
