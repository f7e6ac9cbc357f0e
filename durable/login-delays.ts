// The login throttle's rule, as a pure function over one key's state (an account or a client address): every attempt
// is counted before the password is checked, the first few failures are free, then each further one doubles the
// wait, up to a cap. Used by durable/login-throttle.ts, one object per key, which makes each decision atomic.

export interface ThrottleState {
  /** Every attempt seen, refused ones included (exact: one object serializes them). */
  attempts: number;
  /** Attempts that reached the password check and did not succeed (or are still being checked). */
  failures: number;
  lastAt: number;
  /** No password is checked for this key before this time. */
  blockedUntil: number;
}

export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key left alone this long starts over. */
  forgetAfterMs: number;
}

/** A victim's account can be slowed by a stranger, never locked: waits grow 1 s, 2 s, 4 s … up to 15 minutes. */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
/** One address may be an office behind one NAT: more free failures before its waits begin. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 30, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

export const EMPTY_STATE: ThrottleState = { attempts: 0, failures: 0, lastAt: 0, blockedUntil: 0 };

export type AttemptDecision = { state: ThrottleState; allowed: boolean; retryAfterMs: number };

/** The wait after `failures` failures (0 while they are free). */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(failures - policy.freeFailures - 1, 30), policy.maxDelayMs);
}

/**
 * One login attempt for this key. Refused while a wait runs (refusals are counted but do not lengthen the wait, so
 * hammering an account cannot push its owner out for longer than the cap); otherwise it may check the password and
 * counts as a failure until the login succeeds.
 */
export function decideAttempt(previous: ThrottleState, policy: ThrottlePolicy, now: number): AttemptDecision {
  const fresh = previous.lastAt && now - previous.lastAt > policy.forgetAfterMs ? { ...EMPTY_STATE, attempts: previous.attempts } : previous;
  const seen = { ...fresh, attempts: fresh.attempts + 1, lastAt: now };
  if (seen.blockedUntil > now) return { state: seen, allowed: false, retryAfterMs: seen.blockedUntil - now };
  const failures = seen.failures + 1;
  const delay = delayAfter(failures, policy);
  return { state: { ...seen, failures, blockedUntil: delay ? now + delay : 0 }, allowed: true, retryAfterMs: 0 };
}

/** The attempt was not a failure after all (the password was right, or it was refused on the other key). */
export function refundAttempt(state: ThrottleState): ThrottleState {
  return { ...state, failures: Math.max(0, state.failures - 1) };
}
