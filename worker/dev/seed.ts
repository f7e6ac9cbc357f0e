// Seeds the demo workspace of the dev fixture. Idempotent (run it as often as you like); only reachable in
// development (`POST /__dev/seed`, called by `npm run dev`) and from tests.
import { inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { hashPassword } from "../auth/password";
import { agents, channels, knowledgeArticles, templates, workspaces } from "../../shared/db-schema";
import { DEMO_CHANNEL, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TEMPLATES, DEMO_WORKSPACE } from "./demo-fixture";
import { OPTICA_ARTICLES } from "./demo-knowledge";

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
  // The assistant's knowledge base (fixed ids: seeding again keeps edits made in the settings screen).
  const articles = OPTICA_ARTICLES.map((a) => ({ ...a, workspaceId: DEMO_WORKSPACE.id, enabled: true, updatedAt: now, createdAt: now }));
  // D1 binds at most 100 parameters per statement: ten articles (8 columns each) per insert.
  const [first, ...rest] = Array.from({ length: Math.ceil(articles.length / 10) }, (_, k) => k * 10).map((i) => d1.insert(knowledgeArticles).values(articles.slice(i, i + 10)).onConflictDoNothing());
  if (first) await d1.batch([first, ...rest]);
  return { created: missing.map((p) => p.email) };
}
