// Seeds the demo workspace of the dev fixture. Idempotent (run it as often as you like); only reachable in
// development (`POST /__dev/seed`, called by `npm run dev`) and from tests.
import { inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { hashPassword } from "../auth/password";
import { agents, channels, templates, workspaces } from "../../shared/db-schema";
import { DEMO_CHANNEL, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEMPLATES, DEMO_WORKSPACE } from "./demo-fixture";

export async function seedDemo(db: D1Database): Promise<{ created: string[] }> {
  const d1 = drizzle(db);
  const now = Date.now();
  const existing = new Set(
    (await d1.select({ email: agents.email }).from(agents).where(inArray(agents.email, DEMO_PEOPLE.map((p) => p.email))).all()).map((a) => a.email),
  );
  const missing = DEMO_PEOPLE.filter((p) => !existing.has(p.email));
  const people = await Promise.all(
    missing.map(async (p) => ({ ...p, workspaceId: DEMO_WORKSPACE.id, passwordHash: await hashPassword(DEMO_PASSWORD), createdAt: now })),
  );
  await d1.batch([
    d1.insert(workspaces).values({ ...DEMO_WORKSPACE, createdAt: now }).onConflictDoNothing(),
    // Manual routing in the demo: new conversations wait in "Unassigned" until someone takes them
    // (switch to round robin in Settings to see the router at work).
    d1.insert(channels).values({ ...DEMO_CHANNEL, workspaceId: DEMO_WORKSPACE.id, kind: "whatsapp", routingPolicy: "manual", createdAt: now }).onConflictDoNothing(),
    ...people.map((p) => d1.insert(agents).values(p).onConflictDoNothing()),
    ...DEMO_TEMPLATES.map((t) =>
      d1
        .insert(templates)
        .values({ ...t, workspaceId: DEMO_WORKSPACE.id, channelId: DEMO_CHANNEL.id, status: "APPROVED", createdAt: now })
        .onConflictDoNothing(),
    ),
  ]);
  return { created: missing.map((p) => p.email) };
}
