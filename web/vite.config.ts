// Builds the SolidJS inbox into web/dist, which the Worker serves as static assets.
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [solid()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    // `npm run web:dev` (optional): Vite on :5173 with the Worker behind it on :8787.
    proxy: {
      "/api": "http://127.0.0.1:8787",
      "/__sim": "http://127.0.0.1:8787",
      "/parties": { target: "ws://127.0.0.1:8787", ws: true },
    },
  },
});
