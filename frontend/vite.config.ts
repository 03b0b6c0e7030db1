import { defineConfig, type Plugin } from "vite";
import { META_CSP } from "./src/csp.ts";

/** Puts the UI's Content-Security-Policy in the built index.html, first in <head> (the dev server injects inline styles, so not there). */
function contentSecurityPolicy(): Plugin {
  return {
    name: "modelmarket-csp",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: META_CSP }, injectTo: "head-prepend" }],
  };
}

// The UI is served by the Spring Boot server from its static/ folder (the Maven build runs
// `vite build --outDir backend/server/target/classes/static`). `npx vite --config frontend/vite.config.ts`
// serves it on 127.0.0.1:5173 for development, with the API proxied to a server on :8080.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [contentSecurityPolicy()],
  build: { outDir: "dist", target: "es2022", sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: { "/api": "http://127.0.0.1:8080", "/ipfs": "http://127.0.0.1:8080" },
  },
});
