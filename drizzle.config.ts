// drizzle-kit reads the D1 schema and writes SQL migrations that wrangler applies (`npm run db:generate`).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./shared/db-schema.ts",
  out: "./migrations",
});
