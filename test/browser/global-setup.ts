// Starts the whole product once for the browser tests (wrangler dev on a free port, fresh state folder, built
// web app, migrated and seeded) and hands its URL to the tests through vitest's provide/inject.
// It also serves a tiny control endpoint (`controlUrl`) so a test can stop the server and start it again on the
// same port and state folder — a real restart, to prove the inbox reconnects and catches up by itself.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error -- plain ESM script without type declarations (JSDoc only)
import { freePort, startLocalServer } from "../../scripts/local-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    controlUrl: string;
  }
}

type LocalServer = { url: string; stop: () => Promise<void> };

/**
 * wrangler dev also binds an inspector port; on a machine running other wrangler sessions that port can be
 * taken between wrangler choosing it and workerd binding it. One retry covers that race.
 */
async function start(options: { port: number; persistTo: string; build: boolean }): Promise<LocalServer> {
  try {
    return (await startLocalServer({ ...options, quiet: true })) as LocalServer;
  } catch (err) {
    if (!/Address already in use/.test(String(err))) throw err;
    return (await startLocalServer({ ...options, quiet: true, build: false })) as LocalServer;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const persistTo = mkdtempSync(path.join(tmpdir(), "colmena-browser-"));
  const port = await freePort();
  let server: LocalServer | null = await start({ port, persistTo, build: true });
  project.provide("baseUrl", server.url);

  // POST /stop, POST /start: one at a time; the web app is already built, so a start is only wrangler's boot.
  let busy: Promise<unknown> = Promise.resolve();
  const control = createHttpServer((req, res) => {
    const run = async () => {
      if (req.url === "/stop" && server) {
        await server.stop();
        server = null;
      } else if (req.url === "/start" && !server) {
        server = await start({ port, persistTo, build: false });
      }
    };
    busy = busy.then(run).then(
      () => res.writeHead(200).end(server ? "up" : "down"),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const address = control.address();
  project.provide("controlUrl", `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);

  return async () => {
    control.close();
    await server?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
