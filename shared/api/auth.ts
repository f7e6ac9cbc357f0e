// /api/auth: log in, invitations, personal API tokens, one's password and sessions — the request schemas the routes validate with and the
// types of what they answer. Used by worker/api/auth-routes.ts and (types only) by the inbox's client.
import { z } from "zod";
import type { Role } from "../model";

export const loginBody = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });
export type LoginBody = z.input<typeof loginBody>;

export const acceptInviteBody = z.object({ password: z.string().min(8, "at least 8 characters").max(200), name: z.string().trim().min(1).max(80).optional() });
export type AcceptInviteBody = z.input<typeof acceptInviteBody>;

/** What a personal API token may do (docs/api.md §14); never more than the person's role. */
export const TOKEN_SCOPES = ["read", "reply", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TOKEN_MAX_DAYS = 365;

// Tokens always expire (at most a year) and default to reading and replying; "admin" must be asked for.
export const tokenBody = z.object({
  name: z.string().trim().min(1).max(80),
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS, `at most ${TOKEN_MAX_DAYS} days`).default(90),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, "at least one scope").max(3).default(["read", "reply"]),
});
export type TokenBody = z.input<typeof tokenBody>;

// Changing one's password (POST /api/auth/password): the current one is checked (and throttled like logging in).
export const passwordChangeBody = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(8, "at least 8 characters").max(200) })
  .refine((b) => b.currentPassword !== b.newPassword, { message: "the new password must differ from the current one", path: ["newPassword"] });
export type PasswordChangeBody = z.input<typeof passwordChangeBody>;

/** What changing the password or logging out everywhere answers: how many sessions were ended. */
export interface SessionsEnded {
  ok: true;
  endedSessions: number;
}

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
  /** null: never expires (tokens made before lifetimes were required). */
  expiresAt: number | null;
  scopes: TokenScope[];
  /** Last request made with it (ms, written at most once a minute), or null. */
  lastUsedAt: number | null;
}

export interface ApiTokenCreated {
  id: string;
  name: string;
  /** `col_…`: shown only in this response. */
  token: string;
  expiresAt: number | null;
  scopes: TokenScope[];
}

/** One of the caller's own sessions (GET /api/auth/sessions). */
export interface SessionEntry {
  /** First 16 hex of the session's SHA-256. */
  id: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
  /** The session making this request. */
  current: boolean;
}

// ---- two-step verification (TOTP) and password reset links (docs/api.md §14) ----

const totpCodeField = z.string().trim().regex(/^\d{6}$/, "6 digits");

/** POST /api/auth/login answers this instead of a session when a code is needed (or must first be set up). */
export interface TwoFactorChallenge {
  /** "required": enter a code; "enrol": the workspace requires it for your role and it is not set up yet. */
  twoFactor: "required" | "enrol";
  /** Proof the password was right, valid 5 minutes; redeemed by POST /api/auth/login/2fa. */
  ticket: string;
  expiresAt: number;
}
export type LoginAnswer = SessionStarted | TwoFactorChallenge;

export const loginTicketBody = z.object({ ticket: z.string().min(1).max(300) });
export const loginCodeBody = z.object({ ticket: z.string().min(1).max(300), code: totpCodeField });
export type LoginCodeBody = z.input<typeof loginCodeBody>;

export const twoFactorCodeBody = z.object({ code: totpCodeField });
export const twoFactorDisableBody = z.object({ password: z.string().min(1).max(200), code: totpCodeField });
export type TwoFactorDisableBody = z.input<typeof twoFactorDisableBody>;

/** A new seed to put in an authenticator app (not active until a code from it is entered). */
export interface TwoFactorSetup {
  /** Base32, for typing in by hand. */
  secret: string;
  /** otpauth://totp/… for apps that import a link or a QR code. */
  otpauthUri: string;
}

/** GET /api/auth/2fa */
export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: number | null;
  /** The workspace requires it for this person's role (it then cannot be turned off). */
  required: boolean;
}

/** POST /api/admin/agents/:id/reset-link */
export interface ResetLinkCreated {
  url: string;
  expiresAt: number;
}

/** GET /api/auth/reset/:token */
export interface ResetLinkInfo {
  email: string;
  name: string;
}

export const resetPasswordBody = z.object({ password: z.string().min(8, "at least 8 characters").max(200) });
export type ResetPasswordBody = z.input<typeof resetPasswordBody>;
