// Starts the whole product locally (wrangler dev: Worker, Durable Objects, D1, R2, Graph simulator) on a
// given port and state folder, migrated and (unless told otherwise) seeded. Used by `npm run dev`, the browser
// tests and the benchmarks.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The development values of .dev.vars.example, passed explicitly so a clean checkout needs no .dev.vars. */
export const DEV_VARS = {
  ENVIRONMENT: "development",
  WA_APP_SECRET: "dev-app-secret",
  WA_VERIFY_TOKEN: "dev-verify-token",
  WA_ACCESS_TOKEN: "dev-access-token",
  DATA_KEY: "Y29sbWVuYS1kZXYtZGF0YS1rZXktbm90LXNlY3JldCE=",
  GRAPH_API_BASE: "/__sim/graph",
  META_APP_ID: "100000000000001",
};

/** A port the OS says is free right now (it can still be taken before wrangler binds it; callers retry). */
export function freePort() {
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

function npx(args, opts = {}) {
  return spawnSync("npx", args, { cwd: ROOT, stdio: opts.quiet ? "pipe" : "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
}

export function buildWeb({ quiet = false } = {}) {
  const r = npx(["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { quiet });
  if (r.status !== 0) throw new Error(`web build failed: ${r.stderr?.toString() ?? ""}`);
}

/**
 * `seed: false` leaves D1 migrated but empty — a fresh deployment, where the inbox shows the first-run setup.
 * @param {{ port: number, persistTo?: string, vars?: Record<string,string>, quiet?: boolean, build?: boolean, seed?: boolean, inspectorPort?: number }} options
 * @returns {Promise<{ url: string, stop: () => Promise<void>, process: import("node:child_process").ChildProcess, logins: Array<{email:string, role:string, password:string}> }>}
 */
export async function startLocalServer({ port, persistTo, vars = {}, quiet = false, build = true, seed = true, inspectorPort }) {
  // Its own free port: "port + N" overflows 65535 when the OS hands out a high port.
  inspectorPort ??= await freePort();
  if (build) buildWeb({ quiet });
  const persistArgs = persistTo ? ["--persist-to", persistTo] : [];
  if (persistTo) mkdirSync(persistTo, { recursive: true });
  const migrated = npx(["wrangler", "d1", "migrations", "apply", "DB", "--local", ...persistArgs], { quiet: true });
  if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr?.toString()}`);

  const varArgs = Object.entries({ ...DEV_VARS, ...vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(
    "npx",
    // A distinct inspector port per server, so several local servers (tests, bench, dev) can run side by side.
    ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(inspectorPort), "--show-interactive-dev-session=false", ...persistArgs, ...varArgs],
    { cwd: ROOT, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, detached: true },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGTERM"); // the whole group: npx, wrangler and workerd
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  };
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output.slice(-3000)}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) {
        if (!seed) return { url, stop, process: child, logins: [] };
        const seeded = await (await fetch(`${url}/__dev/seed`, { method: "POST" })).json();
        return { url, stop, process: child, logins: seeded.logins };
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${url} within 60 s:\n${output.slice(-3000)}`);
}
