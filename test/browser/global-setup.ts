// Starts the whole product once for the browser tests (wrangler dev on a free port, fresh state folder, built
// web app, migrated and seeded) and hands its URL to the tests through vitest's provide/inject.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error -- plain ESM script without type declarations (JSDoc only)
import { startLocalServer } from "../../scripts/local-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const persistTo = mkdtempSync(path.join(tmpdir(), "colmena-browser-"));
  const server = (await startLocalServer({ port: await freePort(), persistTo, quiet: true })) as { url: string; stop: () => Promise<void> };
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
