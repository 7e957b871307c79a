/// <reference types="vitest/config" />
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { constants, gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

/**
 * Writes `NAME.gz` beside every built file. The server embeds only these
 * (the binary carries the UI once, compressed) and sends them as they are
 * to every browser that accepts gzip — all of them.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "kyhop-precompress",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const names = readdirSync(outDir, { recursive: true, encoding: "utf8" });
      for (const name of names) {
        const path = join(outDir, name);
        if (name.endsWith(".gz") || !statSync(path).isFile()) continue;
        const packed = gzipSync(readFileSync(path), {
          level: constants.Z_BEST_COMPRESSION,
        });
        writeFileSync(`${path}.gz`, packed);
      }
    },
  };
}

export default defineConfig({
  plugins: [svelte(), precompress()],
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
