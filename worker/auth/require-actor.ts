// Authentication for /api: a session cookie (the inbox) or `Authorization: Bearer col_…` (scripts).
// Cookie-authenticated writes must come from our own origin (CSRF); Bearer calls cannot be forged by a page.
import type { MiddlewareHandler } from "hono";
import { parse as parseCookies } from "hono/utils/cookie";
import type { Actor, Role } from "../../shared/model";
import type { AppEnv } from "../env";
import { apiError } from "../http-errors";
import { API_TOKEN_PREFIX, SESSION_COOKIE, actorFromApiToken, actorFromSession } from "./sessions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") !== "cross-site";
  return origin === new URL(request.url).origin;
}

/** The caller of a request: Bearer token first, else the session cookie. */
export async function authenticate(env: Env, request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) {
    const token = authorization.slice("Bearer ".length).trim();
    return token.startsWith(API_TOKEN_PREFIX) ? actorFromApiToken(env.DB, token) : null;
  }
  const cookie = parseCookies(request.headers.get("cookie") ?? "", SESSION_COOKIE)[SESSION_COOKIE];
  return cookie ? actorFromSession(env.DB, cookie) : null;
}

/** Cookie-authenticated writes and sockets must come from our own origin (CSRF, cross-site WebSocket hijacking). */
export function crossSiteCookieUse(request: Request): boolean {
  return !request.headers.get("authorization") && !sameOrigin(request);
}

export const requireActor: MiddlewareHandler<AppEnv> = async function requireActor(c, next) {
  const actor = await authenticate(c.env, c.req.raw);
  if (!actor) throw apiError(401, "unauthenticated", "Log in to continue.");
  if (!SAFE_METHODS.has(c.req.method) && crossSiteCookieUse(c.req.raw)) {
    throw apiError(403, "cross_origin", "Requests with the session cookie must come from the inbox itself.");
  }
  c.set("actor", actor);
  await next();
};

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    if (!roles.includes(c.var.actor.role)) throw apiError(403, "forbidden", "Your role cannot do this.");
    await next();
  };
}
