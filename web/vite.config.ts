import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run web:dev` serves the app with hot reload and hands /api to a server started with `npm start`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
