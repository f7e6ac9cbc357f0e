// The login throttle's rule on plain values: free failures, then doubling waits up to a cap, refusals that do not
// lengthen the wait, and a key that starts over after an hour of quiet.
import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, EMPTY_STATE, decideAttempt, delayAfter, refundAttempt } from "../../durable/login-delays";

describe("login delays", () => {
  it("are free for 5 failures, then 1 s, 2 s, 4 s … up to 15 minutes", () => {
    expect([1, 5, 6, 7, 8, 9].map((n) => delayAfter(n, ACCOUNT_POLICY))).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000]);
    expect(delayAfter(40, ACCOUNT_POLICY)).toBe(15 * 60_000);
    expect(delayAfter(10_000, ACCOUNT_POLICY)).toBe(15 * 60_000);
  });

  it("refuses during a wait without lengthening it, and allows again when it ends", () => {
    let state = EMPTY_STATE;
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 6; i++) state = decideAttempt(state, ACCOUNT_POLICY, t0).state;
    expect(state.blockedUntil).toBe(t0 + 1_000);
    const refused = decideAttempt(state, ACCOUNT_POLICY, t0 + 400);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 600 });
    expect(refused.state.blockedUntil).toBe(t0 + 1_000);
    const next = decideAttempt(refused.state, ACCOUNT_POLICY, t0 + 1_000);
    expect(next.allowed).toBe(true);
    expect(next.state.blockedUntil).toBe(t0 + 1_000 + 2_000);
  });

  it("a refund gives one failure back; an hour of quiet starts over", () => {
    const t0 = 1_700_000_000_000;
    const one = decideAttempt(EMPTY_STATE, ACCOUNT_POLICY, t0).state;
    expect(refundAttempt(one).failures).toBe(0);
    expect(refundAttempt(refundAttempt(one)).failures).toBe(0);
    let state = EMPTY_STATE;
    for (let i = 0; i < 10; i++) state = decideAttempt(state, ACCOUNT_POLICY, t0).state;
    const later = decideAttempt(state, ACCOUNT_POLICY, t0 + 61 * 60_000);
    expect(later.allowed).toBe(true);
    expect(later.state.failures).toBe(1);
    expect(later.state.attempts).toBe(11);
  });
});
