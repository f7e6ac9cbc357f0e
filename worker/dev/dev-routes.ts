// /__dev: development aids (seeding). Answers 404 unless ENVIRONMENT is "development".
import { Hono } from "hono";
import { type AppEnv, isDevelopment } from "../env";
import { errorResponse } from "../http-errors";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "./demo-fixture";
import { seedDemo } from "./seed";

export const devRoutes = new Hono<AppEnv>()
  .use(async function developmentOnly(c, next) {
    if (!isDevelopment(c.env)) return errorResponse(404, "not_found", "Not found.");
    await next();
  })
  .post("/seed", async (c) => {
    const result = await seedDemo(c.env.DB);
    return c.json({ ...result, logins: DEMO_PEOPLE.map((p) => ({ email: p.email, role: p.role, password: DEMO_PASSWORD })) });
  });
