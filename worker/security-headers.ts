// Adds the browser security headers (shared/security-headers.ts) to every answer the Worker itself gives: the API,
// the webhook, errors and dev routes. The inbox's files get the same set from Workers Assets (web/dist/_headers).
import type { MiddlewareHandler } from "hono";
import { API_CSP, COMMON_SECURITY_HEADERS } from "../shared/security-headers";
import type { AppEnv } from "./env";

export const securityHeaders: MiddlewareHandler<AppEnv> = async function securityHeaders(c, next) {
  await next();
  // A WebSocket upgrade's headers are immutable and meaningless to a browser's policy.
  if (c.res.status === 101) return;
  let headers = c.res.headers;
  try {
    headers.set("X-Content-Type-Options", "nosniff");
  } catch {
    // Answers passed through from a Durable Object or fetch() have immutable headers: copy them once.
    c.res = new Response(c.res.body, c.res);
    headers = c.res.headers;
  }
  // A route may set a narrower policy of its own (private media); keep it.
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", API_CSP);
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) headers.set(name, value);
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
};
