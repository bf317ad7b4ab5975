// Vite build of the zhibu web UI.  Output: web/dist (served under '/', assets
// in dist/assets with hashed names).  Templates are compiled here, so the
// browser runs the runtime-only Vue build and the strict CSP (script-src
// 'self', no eval, no inline script) holds.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

export default defineConfig({
  base: '/',
  logLevel: 'warn',
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `zhibu serve --listen 127.0.0.1:8080` while developing with `npx vite`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
})
