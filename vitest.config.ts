// Test projects: `unit` runs plain functions in Node; `worker` runs inside workerd (real D1, Durable Objects, R2, WebSockets) through
// @cloudflare/vitest-pool-workers; `browser` drives Debian's Chromium against a local `wrangler dev`.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    test: {
      projects: [
        {
          // Plain functions and repository rules, in Node: no runtime, fast.
          test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
        },
        {
          // The assistant's evaluation set (`npm run eval:ai`): figures printed, targets enforced.
          test: { name: "eval", include: ["test/eval/**/*.eval.ts"], environment: "node" },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ENVIRONMENT: "development",
                  WA_APP_SECRET: "dev-app-secret",
                  WA_VERIFY_TOKEN: "dev-verify-token",
                  WA_ACCESS_TOKEN: "dev-access-token",
                  DATA_KEY: "Y29sbWVuYS1kZXYtZGF0YS1rZXktbm90LXNlY3JldCE=",
                  GRAPH_API_BASE: "/__sim/graph",
                  META_APP_ID: "100000000000001",
                  SEND_RECONCILE_MS: "300",
                  GRAPH_TIMEOUT_MS: "500",
                  BOT_QUIET_MS: "150",
                  TEST_MIGRATIONS: migrations,
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["./test/worker/setup.ts"],
            testTimeout: 20_000,
          },
        },
        {
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/browser/global-setup.ts"],
            // One local server and one Chromium for all browser tests.
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
        {
          test: {
            // Slow fault injection against a real local runtime (SIGKILL, restarts): `npm run test:faults`.
            name: "faults",
            include: ["test/faults/**/*.test.ts"],
            environment: "node",
            fileParallelism: false,
            testTimeout: 600_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
