// Starts and stops what the benchmark measures, all under `wrangler dev` on loopback so ratios are fair:
// the two floor Workers (bench/floor/*) and the product (scripts/local-server.mjs, migrated and seeded).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { productSnapshot } from "./snapshot.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
const liveFloors = new Set();

/** Stops every floor still running (an interrupted or timed-out run). */
export async function stopFloors() {
  for (const child of liveFloors) await stopGroup(child);
}

/** `wrangler dev` for a floor config; same flags the product gets (loopback, persist dir). */
export async function startFloor(name, port, persistTo) {
  rmSync(persistTo, { recursive: true, force: true });
  mkdirSync(persistTo, { recursive: true });
  const config = path.join(ROOT, "bench/floor", name, "wrangler.toml");
  const child = spawn(
    "npx",
    ["wrangler", "dev", "--config", config, "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", "--persist-to", persistTo],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env, detached: true },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  liveFloors.add(child);
  child.once("exit", () => liveFloors.delete(child));
  const stop = () => stopGroup(child);
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`floor ${name} exited:\n${output.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/`)).ok) return { url, stop, process: child };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`floor ${name} did not start:\n${output.slice(-2000)}`);
}

export async function stopGroup(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
}

let snapshot = null;
/** The product (a snapshot of the tree, see snapshot.mjs) on a fresh persist dir. The web build is done by the caller. */
export async function startProduct(port, persistTo, { fresh = true, vars = {}, snapshotDir } = {}) {
  snapshot ??= await productSnapshot(snapshotDir ?? path.join(path.dirname(persistTo), "src"));
  if (fresh) rmSync(persistTo, { recursive: true, force: true });
  const server = await snapshot.startLocalServer({ port, persistTo, vars, quiet: true, build: false });
  // The bench's races need conversations to wait unassigned (as in the demo seed): make sure routing is manual.
  d1(persistTo, "UPDATE channels SET routing_policy = 'manual'");
  return server;
}

/**
 * Adds `count` agents with personal API tokens straight into the local D1 (inviting 100 people through the API would cost minutes of PBKDF2),
 * so a claim race has 100 distinct people. Returns their Bearer tokens.
 */
export function provisionAgents(persistTo, count, prefix = "bench") {
  const lines = [];
  const tokens = [];
  for (let i = 1; i <= count; i++) {
    const id = `ag_${prefix}_${String(i).padStart(3, "0")}`;
    const token = `col_${prefix}_${i}_${createHash("sha256").update(`${prefix}${i}`).digest("hex").slice(0, 16)}`;
    const hash = createHash("sha256").update(token).digest("hex");
    lines.push(`INSERT OR IGNORE INTO agents (id, workspace_id, email, name, role, password_hash, active, created_at) VALUES ('${id}','ws_demo','${id}@bench.test','Bench ${i}','agent','unusable',1,0);`);
    lines.push(`INSERT OR IGNORE INTO api_tokens (token_hash, agent_id, workspace_id, name, created_at) VALUES ('${hash}','${id}','ws_demo','bench',0);`);
    tokens.push({ agentId: id, token });
  }
  const file = path.join(persistTo, `${prefix}-agents.sql`);
  writeFileSync(file, lines.join("\n"));
  const r = d1(persistTo, null, file);
  if (!r.ok) throw new Error(`could not add bench agents: ${r.output}`);
  return tokens;
}

/** Runs SQL on the local D1 of a persist dir (a second process on the same SQLite file; fine on loopback). */
export function d1(persistTo, command, file) {
  const args = ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", ...(file ? ["--file", file] : ["--command", command])];
  const r = spawnSync("npx", args, { cwd: ROOT, env, encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Builds the inbox once (web/dist), as `npm run dev` would. */
export function buildWeb() {
  const r = spawnSync("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: ROOT, env, stdio: "pipe" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.slice(-2000) };
}
