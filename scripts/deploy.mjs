#!/usr/bin/env node
// `npm run deploy`: everything a first (or any later) deploy needs, after `wrangler login`. Builds the inbox,
// finds or creates the D1 database named in wrangler.toml (and writes its id there), finds or creates the R2
// bucket, applies the D1 migrations remotely, checks the Worker's secrets — and stops, printing the exact
// `wrangler secret put` lines, when a required one is missing, rather than deploying a Worker that cannot work —
// then deploys and prints where to go next.
// Every wrangler call goes through one function (`wrangler(args)`), so test/unit/deploy-script.test.ts runs the
// whole flow against a fake; the parsers below are pure and tested on wrangler 4.86's real output shapes.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONFIG = path.join(ROOT, "wrangler.toml");

export const REQUIRED_SECRETS = ["WA_APP_SECRET", "WA_VERIFY_TOKEN", "DATA_KEY"];
// Without it the first-run setup refuses to run (nobody can create the workspace); a deployment that is already
// set up does not need it, so it is a warning, not a stop.
export const RECOMMENDED_SECRETS = ["SETUP_TOKEN"];

// wrangler colours its output when it thinks it has a terminal; parsers read plain text.
// eslint-disable-next-line no-control-regex
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, "");
const unquote = (value) => value.trim().replace(/^(["'])(.*)\1$/, "$2");

/** The JSON value printed after any banner or log lines: from the first line that starts with `[` or `{`. */
function jsonAfterLogs(stdout, what) {
  const text = stripAnsi(stdout);
  const start = text.search(/^\s*[[{]/m);
  if (start < 0) throw new Error(`${what}: no JSON in wrangler's output:\n${text.slice(0, 500)}`);
  return JSON.parse(text.slice(start));
}

/**
 * The top-level tables of wrangler.toml this script needs: the Worker's name, the first `[[d1_databases]]` and
 * the first `[[r2_buckets]]`. A small line reader (the file is ours and flat), not a TOML parser.
 * @param {string} toml
 * @returns {{ workerName: string, databaseName: string, databaseId: string | null, bucketName: string }}
 */
export function readDeployConfig(toml) {
  let table = "";
  const seen = new Map(); // table header → how many times it has started
  const found = { workerName: "", databaseName: "", databaseId: null, bucketName: "" };
  for (const line of toml.split("\n")) {
    const header = /^\s*(\[\[?[^\]]+\]\]?)/.exec(line);
    if (header) {
      table = header[1].replace(/\s+/g, "");
      seen.set(table, (seen.get(table) ?? 0) + 1);
      continue;
    }
    const kv = /^\s*([A-Za-z_]+)\s*=\s*("[^"]*"|'[^']*')/.exec(line);
    if (!kv) continue;
    const [, key, raw] = kv;
    const first = (t) => table === t && seen.get(t) === 1;
    if (table === "" && key === "name") found.workerName = unquote(raw);
    if (first("[[d1_databases]]") && key === "database_name") found.databaseName = unquote(raw);
    if (first("[[d1_databases]]") && key === "database_id") found.databaseId = unquote(raw);
    if (first("[[r2_buckets]]") && key === "bucket_name") found.bucketName = unquote(raw);
  }
  if (!found.workerName) throw new Error("wrangler.toml has no top-level name");
  if (!found.databaseName) throw new Error("wrangler.toml has no [[d1_databases]] with a database_name");
  if (!found.bucketName) throw new Error("wrangler.toml has no [[r2_buckets]] with a bucket_name");
  return found;
}

/**
 * wrangler.toml with `database_id` set to `id` in the `[[d1_databases]]` table whose database_name is
 * `databaseName` — only that line changes (added after database_name when the table has none); every other
 * line, comment and table is kept byte for byte.
 * @param {string} toml @param {string} databaseName @param {string} id
 */
export function setDatabaseId(toml, databaseName, id) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a D1 database id: ${id}`);
  const lines = toml.split("\n");
  /** @type {Array<{ start: number, end: number }>} */
  const blocks = [];
  let open = null;
  lines.forEach((line, i) => {
    const header = /^\s*\[/.exec(line);
    if (!header) return;
    if (open) open.end = i;
    open = /^\s*\[\[\s*d1_databases\s*\]\]/.test(line) ? { start: i, end: lines.length } : null;
    if (open) blocks.push(open);
  });
  for (const block of blocks) {
    const body = lines.slice(block.start + 1, block.end);
    const nameAt = body.findIndex((l) => {
      const m = /^\s*database_name\s*=\s*("[^"]*"|'[^']*')/.exec(l);
      return m !== null && unquote(m[1]) === databaseName;
    });
    if (nameAt < 0) continue;
    const idAt = body.findIndex((l) => /^\s*database_id\s*=/.test(l));
    if (idAt >= 0) {
      const at = block.start + 1 + idAt;
      lines[at] = lines[at].replace(/^(\s*database_id\s*=\s*)("[^"]*"|'[^']*'|[^\s#]*)/, `$1"${id}"`);
    } else {
      const indent = /^\s*/.exec(body[nameAt])[0];
      lines.splice(block.start + 2 + nameAt, 0, `${indent}database_id = "${id}"`);
    }
    return lines.join("\n");
  }
  throw new Error(`wrangler.toml has no [[d1_databases]] table with database_name = "${databaseName}"`);
}

/** `wrangler d1 list --json` → the databases' names and ids. */
export function parseD1List(stdout) {
  const list = jsonAfterLogs(stdout, "d1 list");
  if (!Array.isArray(list)) throw new Error("d1 list: expected a JSON array");
  return list.map((db) => ({ name: String(db.name), uuid: String(db.uuid) }));
}

/**
 * The new database's id in `wrangler d1 create <name>`'s output: wrangler 4.86 prints a config snippet,
 * `database_id = "…"` for wrangler.toml (or `"database_id": "…"` for a JSON config).
 */
export function parseD1CreateId(stdout) {
  const m = /database_id"?\s*[=:]\s*"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/i.exec(stripAnsi(stdout));
  if (!m) throw new Error(`d1 create: no database_id in wrangler's output:\n${stripAnsi(stdout).slice(0, 800)}`);
  return m[1];
}

/** `wrangler r2 bucket list` (4.86 has no --json): blocks of `name: …` / `creation_date: …` lines. */
export function parseR2BucketNames(stdout) {
  return [...stripAnsi(stdout).matchAll(/^\s*name:\s*(\S+)\s*$/gm)].map((m) => m[1]);
}

/** `wrangler secret list --format json` → the names of the Worker's secrets. */
export function parseSecretNames(stdout) {
  const list = jsonAfterLogs(stdout, "secret list");
  if (!Array.isArray(list)) throw new Error("secret list: expected a JSON array");
  return list.map((s) => String(s.name));
}

/** The Worker's URL in `wrangler deploy`'s output (the workers.dev one when there are several). */
export function parseDeployUrl(stdout) {
  const urls = [...stripAnsi(stdout).matchAll(/https:\/\/[^\s"'<>]+/g)].map((m) => m[0].replace(/[.,;)]+$/, ""));
  return urls.find((u) => /\.workers\.dev$/.test(u)) ?? urls[0] ?? null;
}

/** What to run for each missing secret; DATA_KEY gets a freshly generated value (32 random bytes, base64). */
export function secretInstructions(missing, dataKey) {
  const why = {
    WA_APP_SECRET: "Meta app secret (App Dashboard › App settings › Basic)",
    WA_VERIFY_TOKEN: "any string you choose; you type it again in Meta's webhook settings",
    SETUP_TOKEN: "any long string; the first-run setup page asks for it",
  };
  return missing.map((name) =>
    name === "DATA_KEY"
      ? `  echo "${dataKey}" | npx wrangler secret put DATA_KEY   # encrypts numbers' tokens in D1; keep a copy`
      : `  npx wrangler secret put ${name}   # ${why[name] ?? ""}`,
  );
}

/**
 * The whole deploy. `wrangler(args)` runs `wrangler …args` and resolves to its exit code and output; the other
 * effects (build, reading and writing wrangler.toml, printing) are passed in too.
 * @param {{
 *   wrangler: (args: string[]) => Promise<{ code: number, stdout: string, stderr: string }>,
 *   build: () => Promise<void> | void,
 *   readConfig: () => string,
 *   writeConfig: (text: string) => void,
 *   log: (line: string) => void,
 *   newDataKey?: () => string,
 * }} io
 * @returns {Promise<{ deployed: boolean, url: string | null, missingSecrets: string[] }>}
 */
export async function deploy(io) {
  const { log } = io;
  const run = async (args) => {
    const result = await io.wrangler(args);
    if (result.code !== 0) throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.code}):\n${(result.stderr || result.stdout).slice(-1500)}`);
    return result.stdout;
  };

  log("1/6 Building the inbox…");
  await io.build();

  const config = readDeployConfig(io.readConfig());
  log(`2/6 D1 database "${config.databaseName}"…`);
  const existing = parseD1List(await run(["d1", "list", "--json"])).find((db) => db.name === config.databaseName);
  let databaseId = existing?.uuid;
  if (!databaseId) {
    databaseId = parseD1CreateId(await run(["d1", "create", config.databaseName]));
    log(`    created (${databaseId})`);
  }
  if (databaseId !== config.databaseId) {
    io.writeConfig(setDatabaseId(io.readConfig(), config.databaseName, databaseId));
    log(`    wrote database_id = "${databaseId}" to wrangler.toml (commit it)`);
  }

  log(`3/6 R2 bucket "${config.bucketName}"…`);
  if (!parseR2BucketNames(await run(["r2", "bucket", "list"])).includes(config.bucketName)) {
    await run(["r2", "bucket", "create", config.bucketName]);
    log("    created");
  }

  log("4/6 Applying D1 migrations remotely…");
  await run(["d1", "migrations", "apply", config.databaseName, "--remote"]);

  log("5/6 Checking the Worker's secrets…");
  const listed = await io.wrangler(["secret", "list", "--format", "json"]);
  let names = [];
  if (listed.code === 0) names = parseSecretNames(listed.stdout);
  // Before the first deploy the Worker does not exist yet, so it has no secrets (`secret put` creates it).
  else if (!/not found/i.test(listed.stdout + listed.stderr)) throw new Error(`wrangler secret list failed:\n${(listed.stderr || listed.stdout).slice(-1500)}`);
  const missing = REQUIRED_SECRETS.filter((n) => !names.includes(n));
  const missingRecommended = RECOMMENDED_SECRETS.filter((n) => !names.includes(n));
  const dataKey = (io.newDataKey ?? (() => randomBytes(32).toString("base64")))();
  if (missing.length > 0) {
    log("");
    log(`Not deploying: the Worker is missing ${missing.join(", ")}. Run:`);
    for (const line of secretInstructions([...missing, ...missingRecommended], dataKey)) log(line);
    log("then `npm run deploy` again.");
    return { deployed: false, url: null, missingSecrets: missing };
  }
  if (missingRecommended.length > 0) {
    log(`    ${missingRecommended.join(", ")} is not set: the first-run setup will refuse until you run`);
    for (const line of secretInstructions(missingRecommended, dataKey)) log(line);
  }

  log("6/6 Deploying the Worker…");
  const url = parseDeployUrl(await run(["deploy"]));
  log("");
  log("Colmena is deployed.");
  if (url) {
    log(`  Inbox:         ${url}`);
    log(`  First run:     open ${url}/ — the setup asks for SETUP_TOKEN, the company and the first admin`);
    log(`  Meta webhook:  callback URL ${url}/webhooks/whatsapp , verify token = your WA_VERIFY_TOKEN,`);
    log("                 subscribe to the `messages` field (App Dashboard › WhatsApp › Configuration)");
  } else {
    log("  (wrangler printed no URL: see its output above; Meta's callback is https://<host>/webhooks/whatsapp)");
  }
  return { deployed: true, url, missingSecrets: [] };
}

/** The real `wrangler`: its output shown as it comes and kept for the parsers; the terminal stays its stdin. */
function runWrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["wrangler", ...args], { cwd: ROOT, stdio: ["inherit", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    // `--json` lists are for the parser only; everything else is worth seeing.
    const quiet = args.includes("--json") || args.includes("json");
    child.stdout.on("data", (d) => {
      stdout += d;
      if (!quiet) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function main() {
  const result = await deploy({
    wrangler: runWrangler,
    build: () => {
      const r = spawnSync("npm", ["run", "build:web"], { cwd: ROOT, stdio: "inherit" });
      if (r.status !== 0) throw new Error("the inbox build failed");
    },
    readConfig: () => readFileSync(CONFIG, "utf8"),
    writeConfig: (text) => writeFileSync(CONFIG, text),
    log: (line) => console.log(line),
  });
  if (!result.deployed) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`\nDeploy stopped: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
