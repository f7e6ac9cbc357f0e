// Domain outcomes as values: every object method returns a Result instead of throwing, so callers (the Worker's
// routes, other objects) map failures to HTTP or retries without guessing.

export interface DomainError {
  status: 400 | 403 | 404 | 409 | 422 | 429;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (status: DomainError["status"], code: string, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: { status, code, message, details },
});
