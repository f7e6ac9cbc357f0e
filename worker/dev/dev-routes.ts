// /__dev: development aids (seeding, D1 fault injection, work counters). Answers 404 unless ENVIRONMENT is "development".
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { validationHook } from "../api/validation";
import { resetWorkCounts, workCounts } from "../../durable/work-meter";
import { d1Faults, setD1Faults } from "./d1-faults";
import { type AppEnv, isDevelopment } from "../env";
import { errorResponse } from "../http-errors";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "./demo-fixture";
import { seedDemo } from "./seed";

export const devRoutes = new Hono<AppEnv>()
  .use(async function developmentOnly(c, next) {
    if (!isDevelopment(c.env)) return errorResponse(404, "not_found", "Not found.");
    await next();
  })
  .post("/faults/d1", zValidator("json", z.object({ mode: z.enum(["ok", "fail", "slow"]), delayMs: z.number().int().min(0).max(60_000).default(100) }), validationHook), (c) => {
    setD1Faults(c.req.valid("json"));
    return c.json(d1Faults());
  })
  // Storage and RPC work done by every object since the last reset (durable/work-meter.ts): the bench divides it by
  // the messages it sent to report the work per inbound message.
  .get("/work", (c) => c.json({ ...workCounts(), byObject: { Conversation: workCounts("Conversation"), WorkspaceRelay: workCounts("WorkspaceRelay"), Workspace: workCounts("Workspace") } }))
  .post("/work/reset", (c) => {
    resetWorkCounts();
    return c.json(workCounts());
  })
  .post("/seed", async (c) => {
    const result = await seedDemo(c.env.DB);
    return c.json({ ...result, logins: DEMO_PEOPLE.map((p) => ({ email: p.email, role: p.role, password: DEMO_PASSWORD })) });
  });
