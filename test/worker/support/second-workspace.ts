// A second workspace with its own number and admin, to prove nothing crosses workspaces.
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { hashPassword } from "../../../worker/auth/password";
import { forgetChannels } from "../../../worker/channels/channel-directory";
import { agents, channels, workspaces } from "../../../shared/db-schema";

export const OTHER = { workspaceId: "ws_other", phoneNumberId: "109876543219999", admin: "otto@other.test" };

export async function createSecondWorkspace(): Promise<void> {
  const d1 = drizzle(env.DB);
  const now = Date.now();
  await d1.insert(workspaces).values({ id: OTHER.workspaceId, name: "Otra", createdAt: now }).onConflictDoNothing();
  await d1
    .insert(channels)
    .values({ id: "ch_other", workspaceId: OTHER.workspaceId, name: "Otra", phoneNumberId: OTHER.phoneNumberId, displayNumber: "+34 911 999 999", wabaId: "2999", tokenRef: "WA_ACCESS_TOKEN", createdAt: now })
    .onConflictDoNothing();
  await d1
    .insert(agents)
    .values({ id: "ag_otto", workspaceId: OTHER.workspaceId, email: OTHER.admin, name: "Otto", role: "admin", passwordHash: await hashPassword("demo1234", 1000), createdAt: now })
    .onConflictDoNothing();
  forgetChannels();
}
