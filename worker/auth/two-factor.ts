// Two-step verification (TOTP): the seed sealed in D1 under DATA_KEY, codes checked once each (agents.totp_last_step),
// and the login ticket — proof that the password was right, valid 5 minutes — that the code step redeems for a
// session. Tickets are HMAC-signed (a key derived from DATA_KEY), not stored: they name the person, their expiry and
// a tag of their password hash, so changing the password voids every ticket in flight.
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { agents, workspaces } from "../../shared/db-schema";
import type { Role } from "../../shared/model";
import { open, seal } from "../../shared/secret-box";
import { matchTotp, newTotpSecret, otpauthUri } from "../../shared/totp";
import { sha256Hex } from "./sessions";

export const LOGIN_TICKET_TTL_MS = 5 * 60 * 1000;
const ISSUER = "Colmena";

const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const ticketKeys = new Map<string, Promise<CryptoKey>>();
function ticketKey(dataKey: string): Promise<CryptoKey> {
  let key = ticketKeys.get(dataKey);
  if (!key) {
    // Its own key, derived from DATA_KEY: a ticket's signature never doubles as anything sealed with DATA_KEY itself.
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(`colmena-login-ticket\u0000${dataKey}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]));
    ticketKeys.set(dataKey, key);
  }
  return key;
}

const passwordTag = async (passwordHash: string) => (await sha256Hex(passwordHash)).slice(0, 16);

export async function issueLoginTicket(dataKey: string, agent: { id: string; passwordHash: string }, now = Date.now()): Promise<string> {
  const payload = `${agent.id}.${now + LOGIN_TICKET_TTL_MS}.${await passwordTag(agent.passwordHash)}`;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await ticketKey(dataKey), new TextEncoder().encode(payload)));
  return `${payload}.${b64url(mac)}`;
}

/** The agent a ticket is for, or why it is refused. */
export async function readLoginTicket(db: D1Database, dataKey: string, ticket: string, now = Date.now()) {
  const parts = ticket.split(".");
  if (parts.length !== 4) return { ok: false as const, reason: "invalid" as const };
  const [agentId, expires, tag, mac] = parts as [string, string, string, string];
  let signature: Uint8Array;
  try {
    signature = Uint8Array.from(atob(mac.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  } catch {
    return { ok: false as const, reason: "invalid" as const };
  }
  const valid = await crypto.subtle.verify("HMAC", await ticketKey(dataKey), signature, new TextEncoder().encode(`${agentId}.${expires}.${tag}`));
  if (!valid) return { ok: false as const, reason: "invalid" as const };
  if (Number(expires) < now) return { ok: false as const, reason: "expired" as const };
  const agent = await drizzle(db).select().from(agents).where(eq(agents.id, agentId)).get();
  if (!agent || !agent.active || (await passwordTag(agent.passwordHash)) !== tag) return { ok: false as const, reason: "invalid" as const };
  return { ok: true as const, agent };
}

/** Admins and supervisors must use a second factor when their workspace says so. */
export const roleNeedsTwoFactor = (role: Role) => role === "admin" || role === "supervisor";

export async function twoFactorRequired(db: D1Database, agent: { workspaceId: string; role: Role }): Promise<boolean> {
  if (!roleNeedsTwoFactor(agent.role)) return false;
  const ws = await drizzle(db).select({ require: workspaces.requireTwoFactor }).from(workspaces).where(eq(workspaces.id, agent.workspaceId)).get();
  return ws?.require ?? false;
}

/** A new seed for the person, stored sealed and not active until a code from it is entered. */
export async function startEnrolment(env: Env, agent: { id: string; email: string }): Promise<{ secret: string; otpauthUri: string }> {
  const secret = newTotpSecret();
  await drizzle(env.DB)
    .update(agents)
    .set({ totpSecretEnc: await seal(env.DATA_KEY, secret), totpEnabledAt: null, totpLastStep: null })
    .where(eq(agents.id, agent.id));
  return { secret, otpauthUri: otpauthUri(secret, agent.email, ISSUER) };
}

/**
 * Checks a code against the person's seed and spends it: the step is written only if it is newer than the last one
 * accepted (one conditional UPDATE, so two requests with the same code cannot both pass). Activates a pending
 * enrolment when `enable` is set.
 */
export async function spendCode(env: Env, agent: { id: string; totpSecretEnc: string | null; totpLastStep: number | null }, code: string, enable = false): Promise<boolean> {
  if (!agent.totpSecretEnc) return false;
  const secret = await open(env.DATA_KEY, agent.totpSecretEnc);
  if (!secret) return false;
  const step = await matchTotp(secret, code, Date.now(), agent.totpLastStep);
  if (step === null) return false;
  const updated = await drizzle(env.DB)
    .update(agents)
    .set({ totpLastStep: step, ...(enable ? { totpEnabledAt: Date.now() } : {}) })
    .where(and(eq(agents.id, agent.id), or(isNull(agents.totpLastStep), lt(agents.totpLastStep, step))))
    .returning({ id: agents.id });
  return updated.length > 0;
}

export async function clearTwoFactor(db: D1Database, agentId: string): Promise<void> {
  await drizzle(db).update(agents).set({ totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null }).where(eq(agents.id, agentId));
}
