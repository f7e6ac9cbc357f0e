// Copies the product's sources (not node_modules, which is linked) to a private folder, so `wrangler dev` runs one
// fixed build: edits made in the working tree during a run cannot hot-reload the Worker under measurement.
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRIES = ["worker", "durable", "shared", "scripts", "migrations", "web/dist", "wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts", ".dev.vars", ".dev.vars.example"];

/** Returns the snapshot's root; `startLocalServer` imported from there runs the copy. BENCH_SNAPSHOT=0 uses the tree. */
export async function productSnapshot(dir) {
  if (process.env.BENCH_SNAPSHOT === "0") return { root: ROOT, ...(await import(path.join(ROOT, "scripts/local-server.mjs"))) };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "web"), { recursive: true });
  for (const entry of ENTRIES) {
    const from = path.join(ROOT, entry);
    if (existsSync(from)) cpSync(from, path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  return { root: dir, ...(await import(path.join(dir, "scripts/local-server.mjs"))) };
}
