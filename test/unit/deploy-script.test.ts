// `npm run deploy` (scripts/deploy.mjs): the pure parts on wrangler 4.86's real output shapes and on the real
// wrangler.toml, and the whole flow against a fake wrangler — nothing here reaches the network.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  deploy,
  parseD1CreateId,
  parseD1List,
  parseDeployUrl,
  parseR2BucketNames,
  parseSecretNames,
  readDeployConfig,
  setDatabaseId,
} from "../../scripts/deploy.mjs";

const REAL_TOML = readFileSync(path.resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
const ID = "6f1c2b9e-3d4a-4b5c-8d7e-0a1b2c3d4e5f";

// What wrangler 4.86 prints (see node_modules/wrangler: d1 create logs a config snippet; r2 bucket list logs
// labelled values; secret list defaults to JSON with no banner).
const D1_CREATE_OUT = `
 ⛅️ wrangler 4.86.0
───────────────────
✅ Successfully created DB 'colmena' in region WEUR
Created your new D1 database.

To access your new D1 Database in your Worker, add the following snippet to your configuration file:
[[d1_databases]]
binding = "colmena"
database_name = "colmena"
database_id = "${ID}"
`;
const D1_LIST_OUT = JSON.stringify(
  [
    { uuid: "11111111-2222-3333-4444-555555555555", name: "other", created_at: "2026-01-01T00:00:00.000Z", version: "production", num_tables: 3, file_size: 12288 },
    { uuid: ID, name: "colmena", created_at: "2026-04-01T00:00:00.000Z", version: "production", num_tables: 30, file_size: 921600 },
  ],
  null,
  2,
);
const R2_LIST_OUT = `
 ⛅️ wrangler 4.86.0
───────────────────
Listing buckets...
name:           colmena-media
creation_date:  2026-04-01T10:00:00.000Z

name:           photos
creation_date:  2026-02-01T10:00:00.000Z
`;
const SECRETS_OUT = (names: string[]) => JSON.stringify(names.map((name) => ({ name, type: "secret_text" })), null, "  ");
const DEPLOY_OUT = `
Total Upload: 812.40 KiB / gzip: 170.02 KiB
Uploaded colmena (4.10 sec)
Deployed colmena triggers (0.90 sec)
  https://colmena.acme.workers.dev
Current Version ID: 0f9e8d7c-6b5a-4c3d-2e1f-000000000000
`;

describe("wrangler.toml", () => {
  test("reads the Worker, the D1 database and the R2 bucket from the real file", () => {
    expect(readDeployConfig(REAL_TOML)).toEqual({
      workerName: "colmena",
      databaseName: "colmena",
      databaseId: "00000000-0000-0000-0000-000000000000",
      bucketName: "colmena-media",
    });
  });

  test("setDatabaseId changes only the database_id line of the real file", () => {
    const next = setDatabaseId(REAL_TOML, "colmena", ID);
    const before = REAL_TOML.split("\n");
    const after = next.split("\n");
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([['database_id = "00000000-0000-0000-0000-000000000000"', `database_id = "${ID}"`]]);
    expect(readDeployConfig(next).databaseId).toBe(ID);
    // Writing the same id again is a no-op.
    expect(setDatabaseId(next, "colmena", ID)).toBe(next);
  });

  test("setDatabaseId picks the table by database_name, keeps comments, adds a missing line, refuses the unknown", () => {
    const two = [
      'name = "x"',
      "[[d1_databases]]",
      'binding = "ANALYTICS"',
      'database_name = "analytics"',
      'database_id = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"',
      "",
      "[[d1_databases]]",
      'binding = "DB"',
      "database_name = 'colmena'",
      "  database_id   =   ''   # filled by the deploy",
      "",
      "[vars]",
      'database_id = "not-this-one"',
    ].join("\n");
    const next = setDatabaseId(two, "colmena", ID).split("\n");
    expect(next[4]).toBe('database_id = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"');
    expect(next[9]).toBe(`  database_id   =   "${ID}"   # filled by the deploy`);
    expect(next[12]).toBe('database_id = "not-this-one"');

    const noId = '[[d1_databases]]\n  binding = "DB"\n  database_name = "colmena"\n  migrations_dir = "migrations"\n\n[[r2_buckets]]\n';
    expect(setDatabaseId(noId, "colmena", ID)).toBe(
      `[[d1_databases]]\n  binding = "DB"\n  database_name = "colmena"\n  database_id = "${ID}"\n  migrations_dir = "migrations"\n\n[[r2_buckets]]\n`,
    );
    // CRLF files keep their line endings.
    expect(setDatabaseId(noId.replace(/\n/g, "\r\n").replace('database_name = "colmena"\r\n', 'database_name = "colmena"\r\n  database_id = "x"\r\n'), "colmena", ID))
      .toContain(`  database_id = "${ID}"\r\n`);

    expect(() => setDatabaseId(two, "missing", ID)).toThrow(/database_name = "missing"/);
    expect(() => setDatabaseId(two, "colmena", "not-an-id")).toThrow(/not a D1 database id/);
  });
});

describe("wrangler output", () => {
  test("d1 list --json, also after a warning line", () => {
    expect(parseD1List(D1_LIST_OUT).map((d) => d.name)).toEqual(["other", "colmena"]);
    expect(parseD1List(`▲ [WARNING] something about your config\n\n${D1_LIST_OUT}`)[1]).toEqual({ name: "colmena", uuid: ID });
    expect(parseD1List("[]")).toEqual([]);
    expect(() => parseD1List("✘ [ERROR] Not logged in")).toThrow(/no JSON/);
  });

  test("d1 create: the id from the toml snippet (or a JSON config's), coloured or not", () => {
    expect(parseD1CreateId(D1_CREATE_OUT)).toBe(ID);
    expect(parseD1CreateId(`\x1b[2m{\n  "d1_databases": [{ "binding": "colmena", "database_name": "colmena", "database_id": "${ID}" }]\n}\x1b[22m`)).toBe(ID);
    expect(() => parseD1CreateId("✅ Successfully created DB 'colmena'\n")).toThrow(/no database_id/);
  });

  test("r2 bucket list, secret list and the deploy URL", () => {
    expect(parseR2BucketNames(R2_LIST_OUT)).toEqual(["colmena-media", "photos"]);
    expect(parseR2BucketNames("Listing buckets...\n")).toEqual([]);
    expect(parseR2BucketNames("\x1b[37mname:\x1b[39m           \x1b[90mcolmena-media\x1b[39m")).toEqual(["colmena-media"]);
    expect(parseSecretNames(SECRETS_OUT(["DATA_KEY", "WA_APP_SECRET"]))).toEqual(["DATA_KEY", "WA_APP_SECRET"]);
    expect(parseSecretNames("[]")).toEqual([]);
    expect(parseDeployUrl(DEPLOY_OUT)).toBe("https://colmena.acme.workers.dev");
    expect(parseDeployUrl("Deployed colmena triggers\n  https://inbox.acme.com (custom domain)\n  https://colmena.acme.workers.dev\n")).toBe("https://colmena.acme.workers.dev");
    expect(parseDeployUrl("No deploy targets for colmena")).toBeNull();
  });
});

type Result = { code: number; stdout: string; stderr: string };
type Handler = (args: string[]) => string | Result;

/** A fake wrangler: a map from the command's first words to its output; records every call. */
function fakeWrangler(map: Record<string, Handler>) {
  const calls: string[] = [];
  const wrangler = async (args: string[]): Promise<Result> => {
    calls.push(args.join(" "));
    const key = Object.keys(map).find((k) => args.join(" ").startsWith(k));
    if (!key) throw new Error(`unexpected wrangler ${args.join(" ")}`);
    const out = map[key]!(args);
    return typeof out === "string" ? { code: 0, stdout: out, stderr: "" } : out;
  };
  return { wrangler, calls };
}

function harness(map: Record<string, Handler>, toml = REAL_TOML) {
  const fake = fakeWrangler(map);
  let config = toml;
  const lines: string[] = [];
  let built = 0;
  const io = {
    wrangler: fake.wrangler,
    build: () => void built++,
    readConfig: () => config,
    writeConfig: (text: string) => void (config = text),
    log: (line: string) => void lines.push(line),
    newDataKey: () => "R0VORVJBVEVELUtFWS0zMi1CWVRFUy1GT1ItVEVTVFMh",
  };
  return { io, calls: fake.calls, lines, config: () => config, built: () => built };
}

const ALL_SECRETS = ["WA_APP_SECRET", "WA_VERIFY_TOKEN", "DATA_KEY", "SETUP_TOKEN"];

describe("the deploy flow", () => {
  test("first deploy: creates the database and the bucket, writes the id, migrates, deploys, prints the URLs", async () => {
    const h = harness({
      "d1 list": () => "[]",
      "d1 create": () => D1_CREATE_OUT,
      "r2 bucket list": () => "Listing buckets...\n",
      "r2 bucket create": () => "✅ Created bucket 'colmena-media' with default storage class of Standard.",
      "d1 migrations apply": () => "✅ 0001_init.sql",
      "secret list": () => SECRETS_OUT(ALL_SECRETS),
      deploy: () => DEPLOY_OUT,
    });
    const result = await deploy(h.io);
    expect(result).toEqual({ deployed: true, url: "https://colmena.acme.workers.dev", missingSecrets: [] });
    expect(h.built()).toBe(1);
    expect(h.calls).toEqual([
      "d1 list --json",
      "d1 create colmena",
      "r2 bucket list",
      "r2 bucket create colmena-media",
      "d1 migrations apply colmena --remote",
      "secret list --format json",
      "deploy",
    ]);
    expect(readDeployConfig(h.config()).databaseId).toBe(ID);
    const printed = h.lines.join("\n");
    expect(printed).toContain("https://colmena.acme.workers.dev/webhooks/whatsapp");
    expect(printed).toContain("WA_VERIFY_TOKEN");
    expect(printed).toContain("open https://colmena.acme.workers.dev/");
  });

  test("a later deploy finds both, leaves wrangler.toml alone when the id is already there", async () => {
    const toml = setDatabaseId(REAL_TOML, "colmena", ID);
    const h = harness(
      {
        "d1 list": () => D1_LIST_OUT,
        "r2 bucket list": () => R2_LIST_OUT,
        "d1 migrations apply": () => "No migrations to apply!",
        "secret list": () => SECRETS_OUT(ALL_SECRETS),
        deploy: () => DEPLOY_OUT,
      },
      toml,
    );
    let writes = 0;
    const result = await deploy({ ...h.io, writeConfig: () => void writes++ });
    expect(result.deployed).toBe(true);
    expect(writes).toBe(0);
    expect(h.calls).toEqual(["d1 list --json", "r2 bucket list", "d1 migrations apply colmena --remote", "secret list --format json", "deploy"]);
  });

  test("an existing database with the placeholder id in wrangler.toml: its id is written, nothing created", async () => {
    const h = harness({
      "d1 list": () => D1_LIST_OUT,
      "r2 bucket list": () => R2_LIST_OUT,
      "d1 migrations apply": () => "",
      "secret list": () => SECRETS_OUT(ALL_SECRETS),
      deploy: () => DEPLOY_OUT,
    });
    await deploy(h.io);
    expect(h.calls.some((c) => c.includes("create"))).toBe(false);
    expect(readDeployConfig(h.config()).databaseId).toBe(ID);
  });

  test("a missing required secret: prints the exact commands and does not deploy", async () => {
    const h = harness({
      "d1 list": () => D1_LIST_OUT,
      "r2 bucket list": () => R2_LIST_OUT,
      "d1 migrations apply": () => "",
      "secret list": () => SECRETS_OUT(["WA_APP_SECRET"]),
      deploy: () => {
        throw new Error("deploy must not run");
      },
    });
    const result = await deploy(h.io);
    expect(result).toEqual({ deployed: false, url: null, missingSecrets: ["WA_VERIFY_TOKEN", "DATA_KEY"] });
    expect(h.calls).not.toContain("deploy");
    expect(h.lines).toContain("  npx wrangler secret put WA_VERIFY_TOKEN   # any string you choose; you type it again in Meta's webhook settings");
    expect(h.lines.some((l) => l.startsWith('  echo "R0VORVJBVEVELUtFWS0zMi1CWVRFUy1GT1ItVEVTVFMh" | npx wrangler secret put DATA_KEY'))).toBe(true);
    expect(h.lines.some((l) => l.includes("secret put SETUP_TOKEN"))).toBe(true);
    expect(h.lines.some((l) => l.includes("secret put WA_APP_SECRET"))).toBe(false);
  });

  test("before the very first deploy the Worker does not exist: every secret is missing, nothing deployed", async () => {
    const h = harness({
      "d1 list": () => D1_LIST_OUT,
      "r2 bucket list": () => R2_LIST_OUT,
      "d1 migrations apply": () => "",
      "secret list": () => ({ code: 1, stdout: "", stderr: '✘ [ERROR] Worker "colmena" not found.\n\nIf this is a new Worker, run `wrangler deploy` first to create it.' }),
    });
    const result = await deploy(h.io);
    expect(result.missingSecrets).toEqual(["WA_APP_SECRET", "WA_VERIFY_TOKEN", "DATA_KEY"]);
    expect(h.calls.at(-1)).toBe("secret list --format json");
  });

  test("only SETUP_TOKEN missing: a warning with the command, and the deploy goes on", async () => {
    const h = harness({
      "d1 list": () => D1_LIST_OUT,
      "r2 bucket list": () => R2_LIST_OUT,
      "d1 migrations apply": () => "",
      "secret list": () => SECRETS_OUT(["WA_APP_SECRET", "WA_VERIFY_TOKEN", "DATA_KEY"]),
      deploy: () => DEPLOY_OUT,
    });
    expect((await deploy(h.io)).deployed).toBe(true);
    expect(h.lines.some((l) => l.includes("npx wrangler secret put SETUP_TOKEN"))).toBe(true);
  });

  test("a failing wrangler step stops the flow with its output", async () => {
    const h = harness({
      "d1 list": () => D1_LIST_OUT,
      "r2 bucket list": () => R2_LIST_OUT,
      "d1 migrations apply": () => ({ code: 1, stdout: "", stderr: "✘ [ERROR] near \"TABLE\": syntax error" }),
    });
    await expect(deploy(h.io)).rejects.toThrow(/d1 migrations apply colmena --remote failed \(exit 1\):\n.*syntax error/);
    expect(h.calls).not.toContain("secret list --format json");
  });
});
