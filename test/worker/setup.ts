// Runs before each test file inside workerd: migrate the file's fresh D1 and seed the demo workspace.
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { seedDemo } from "../../worker/dev/seed";

const testEnv = env as typeof env & { TEST_MIGRATIONS: D1Migration[] };
await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);
await seedDemo(testEnv.DB);
