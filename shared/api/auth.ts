// /api/auth: log in, invitations and personal API tokens — the request schemas the routes validate with and the
// types of what they answer. Used by worker/api/auth-routes.ts and (types only) by the inbox's client.
import { z } from "zod";
import type { Role } from "../model";

export const loginBody = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });
export type LoginBody = z.input<typeof loginBody>;

export const acceptInviteBody = z.object({ password: z.string().min(8, "at least 8 characters").max(200), name: z.string().trim().min(1).max(80).optional() });
export type AcceptInviteBody = z.input<typeof acceptInviteBody>;

export const tokenBody = z.object({ name: z.string().trim().min(1).max(80), expiresInDays: z.number().int().min(1).max(3650).optional() });
export type TokenBody = z.input<typeof tokenBody>;

export interface Me {
  agent: { id: string; name: string; email: string; role: Role; workspaceId: string };
  workspace: { id: string; name: string; timezone: string; locale: string };
}

/** What logging in and accepting an invitation answer (the session travels in the cookie). */
export interface SessionStarted {
  agent: Me["agent"];
}

export interface InviteInfo {
  email: string;
  name: string;
  role: Role;
  workspaceName: string;
  expiresAt: number;
}

/** A personal API token as listed (docs/api.md §3): never the secret itself. */
export interface ApiTokenEntry {
  /** First 16 hex of the token's SHA-256. */
  id: string;
  name: string;
  createdAt: number;
  /** null: never expires. */
  expiresAt: number | null;
}

export interface ApiTokenCreated {
  id: string;
  name: string;
  /** `col_…`: shown only in this response. */
  token: string;
  expiresAt: number | null;
}
