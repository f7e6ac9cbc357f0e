// How a caller proved who they are, and what an API token may do. Shared by sessions.ts, the actor cache and
// require-actor.ts (which enforces the scopes).
import { TOKEN_SCOPES, type TokenScope } from "../../shared/api/auth";

export { TOKEN_SCOPES, type TokenScope };

/** The inbox's session, or a personal token limited to its scopes. `hash` is the SHA-256 of the secret. */
export type Credential = { kind: "session"; hash: string } | { kind: "token"; hash: string; scopes: TokenScope[] };

export function parseScopes(text: string | null): TokenScope[] {
  return (text ?? "").split(",").filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
}

/**
 * The scope a request needs: reading anything is "read"; writing to conversations (replies, notes, files, claims,
 * status) is "reply"; any other write (contacts, settings, people) is "admin". The person's role still applies.
 */
export function scopeFor(method: string, path: string): TokenScope {
  // A customer's whole export and the audit log are admin business even though they are read with GET.
  if (path.startsWith("/api/admin/contacts/") || path.startsWith("/api/admin/audit")) return "admin";
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return "read";
  if (path.startsWith("/api/conversations/") || path === "/api/conversations") return "reply";
  return "admin";
}
