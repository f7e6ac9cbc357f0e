// The JSON API's shapes, shared with the Worker in shared/api-types.ts (types only; nothing reaches the bundle).
export type * from "../../../shared/api-types";

// Personal API tokens (/api/auth/tokens, docs/api.md §3). Not in shared/api-types.ts yet, so described here.
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

// Hardening (issue 13): token scopes and last use, one's sessions (/api/auth/sessions, docs/api.md "Accounts").
export type TokenScope = "read" | "reply" | "admin";

export interface ApiTokenDetails {
  scopes: TokenScope[];
  lastUsedAt: number | null;
}

export interface SessionEntry {
  /** First 16 hex of the session's SHA-256. */
  id: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
  /** The session this browser is using. */
  current: boolean;
}
