// JSON errors for the API: `{ error, message, details? }`. Expected failures are thrown as `apiError(...)`;
// anything else becomes a 500 without a stack (logged server-side only).
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainError } from "../durable/conversation-api";

export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

export function errorResponse(status: ContentfulStatusCode, code: string, message: string, details?: unknown, headers?: HeadersInit): Response {
  const body: ErrorBody = details === undefined ? { error: code, message } : { error: code, message, details };
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export function apiError(status: ContentfulStatusCode, code: string, message: string, details?: unknown, headers?: HeadersInit): HTTPException {
  return new HTTPException(status, { res: errorResponse(status, code, message, details, headers) });
}

export function domainError(e: DomainError): HTTPException {
  return apiError(e.status, e.code, e.message, e.details);
}

/** An object's Result as the route's answer: its value, or its domain error as the HTTP error. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: DomainError }): T {
  if (!result.ok) throw domainError(result.error);
  return result.value;
}

export function onError(err: Error, c: Context): Response {
  // Hono's JSON validator throws a bare 400 on a body that is not JSON.
  if (err instanceof HTTPException && !err.res && err.status === 400 && /json/i.test(err.message)) {
    return errorResponse(400, "invalid_json", "The body is not valid JSON.");
  }
  if (err instanceof HTTPException) {
    return err.res ?? errorResponse(err.status as ContentfulStatusCode, "http_error", err.message || "Request failed");
  }
  console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed`, err);
  return errorResponse(500, "internal", "Something went wrong on our side. Try again.");
}
