/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  server: {
    proxy: {
      "/api": {
        target: "http://127.0.0.1:18080",
        changeOrigin: false,
        // The proxy sends headers with the first body byte; an idle event
        // stream would look like it never connected. Send them at once.
        configure(proxy) {
          proxy.on("proxyRes", (proxyRes, _req, res) => {
            const type = String(proxyRes.headers["content-type"] ?? "");
            if (type.startsWith("text/event-stream") && !res.headersSent) {
              res.writeHead(proxyRes.statusCode ?? 200, proxyRes.headers);
              res.flushHeaders();
            }
          });
        },
      },
    },
  },
  build: {
    outDir: "dist",
    target: "es2022",
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
