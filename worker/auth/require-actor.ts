// Authentication for /api: a session cookie (the inbox) or `Authorization: Bearer col_…` (scripts).
// Cookie-authenticated writes must come from our own origin (CSRF); Bearer calls cannot be forged by a page.
// Tokens are limited to their scopes (credential.ts); managing sessions, tokens and the password needs a session.
import type { MiddlewareHandler } from "hono";
import { parse as parseCookies } from "hono/utils/cookie";
import type { Actor, Role } from "../../shared/model";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { scopeFor } from "./credential";
import { API_TOKEN_PREFIX, type Authenticated, SECURE_SESSION_COOKIE, SESSION_COOKIE, actorFromApiToken, actorFromSession } from "./sessions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") !== "cross-site";
  return origin === new URL(request.url).origin;
}

/** The session secret from either cookie name (`__Host-` over https, plain over http). */
export function sessionCookieOf(request: Request): string | undefined {
  const jar = parseCookies(request.headers.get("cookie") ?? "");
  return jar[SECURE_SESSION_COOKIE] ?? jar[SESSION_COOKIE];
}

/** The caller of a request and how they proved it: Bearer token first, else the session cookie. */
export async function authenticateCaller(env: Env, request: Request): Promise<Authenticated | null> {
  const authorization = request.headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) {
    const token = authorization.slice("Bearer ".length).trim();
    return token.startsWith(API_TOKEN_PREFIX) ? actorFromApiToken(env.DB, token) : null;
  }
  const cookie = sessionCookieOf(request);
  return cookie ? actorFromSession(env.DB, cookie) : null;
}

/** The caller of a request (sockets): a token needs the "read" scope to watch conversations. */
export async function authenticate(env: Env, request: Request): Promise<Actor | null> {
  const caller = await authenticateCaller(env, request);
  if (!caller) return null;
  if (caller.credential.kind === "token" && !caller.credential.scopes.includes("read")) return null;
  return caller.actor;
}

/** Cookie-authenticated writes and sockets must come from our own origin (CSRF, cross-site WebSocket hijacking). */
export function crossSiteCookieUse(request: Request): boolean {
  return !request.headers.get("authorization") && !sameOrigin(request);
}

export const requireActor: MiddlewareHandler<AppEnv> = async function requireActor(c, next) {
  const caller = await authenticateCaller(c.env, c.req.raw);
  if (!caller) throw apiError(401, "unauthenticated", "Log in to continue.");
  if (!SAFE_METHODS.has(c.req.method) && crossSiteCookieUse(c.req.raw)) {
    throw apiError(403, "cross_origin", "Requests with the session cookie must come from the inbox itself.");
  }
  if (caller.credential.kind === "token") {
    const needed = scopeFor(c.req.method, c.req.path);
    if (!caller.credential.scopes.includes(needed)) throw apiError(403, "insufficient_scope", `This token lacks the "${needed}" scope.`, { needed, scopes: caller.credential.scopes });
  }
  c.set("actor", caller.actor);
  c.set("credential", caller.credential);
  await next();
};

/** For routes that manage credentials themselves: a stolen token must not mint more tokens or end sessions. */
export const requireSession: MiddlewareHandler<AppEnv> = async function requireSession(c, next) {
  if (c.var.credential.kind !== "session") throw apiError(403, "session_required", "Only a logged-in session can do this, never an API token.");
  await next();
};

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    if (!roles.includes(c.var.actor.role)) throw apiError(403, "forbidden", "Your role cannot do this.");
    await next();
  };
}
