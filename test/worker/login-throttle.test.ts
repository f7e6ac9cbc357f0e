// Login throttling that holds under parallel attempts: one Durable Object per account and per address counts every
// attempt atomically before the password is checked; waits grow instead of locking the account for good.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rpcStub } from "../../durable/stubs";
import { loginThrottleState } from "../../worker/auth/login-throttle";
import { env } from "./support/api";

const login = (email: string, password: string, ip: string) =>
  exports.default.fetch("http://colmena.test/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify({ email, password }),
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("login throttling", () => {
  it("50 parallel wrong passwords from 50 addresses: the count is exact, only the free ones are checked; the owner gets in after the wait", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => login("bruno@demo.test", `adivina-${i}-ñ`, `198.51.100.${i + 1}`)));
    const statuses = results.map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    const state = await loginThrottleState(env, "account", "bruno@demo.test");
    expect(state.attempts).toBe(50);
    // 5 free failures and the one that starts the 1 s wait; on a slow machine a wait can end while the burst is
    // still arriving, letting one more through (and doubling the wait): never more than a couple.
    expect(state.failures).toBe(checked);
    expect(checked).toBeGreaterThanOrEqual(6);
    expect(checked).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - checked);
    const refused = results.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: "too_many_attempts", details: { retryAfterSeconds: expect.any(Number) } });

    // During the wait even the right password is not checked… (on a loaded machine hashing the checked guesses can
    // outlast the 1 s wait; then a seventh failure on the object starts a 2 s wait to test it in)
    if (state.blockedUntil - Date.now() < 400) await login("bruno@demo.test", "otra-vez-no", "203.0.113.8");
    expect((await login("bruno@demo.test", "demo1234", "203.0.113.7")).status).toBe(429);
    // …and after it (1 s after the sixth failure) the real owner logs in, which forgets the failures.
    await sleep(Math.max(0, (await loginThrottleState(env, "account", "bruno@demo.test")).blockedUntil - Date.now()) + 50);
    expect((await login("bruno@demo.test", "demo1234", "203.0.113.7")).status).toBe(200);
    expect((await loginThrottleState(env, "account", "bruno@demo.test")).failures).toBe(0);
  });

  it("counts per address too: 40 parallel guesses at 40 accounts from one address check 31 (30 free) and refuse the rest", async () => {
    const ip = "192.0.2.200";
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`persona${i}@ejemplo.es`, "contraseña-equivocada", ip)));
    const checked = results.filter((r) => r.status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(31);
    expect(checked).toBeLessThanOrEqual(33);
    expect(results.filter((r) => r.status === 429)).toHaveLength(40 - checked);
    const state = await loginThrottleState(env, "address", ip);
    expect(state.attempts).toBe(40);
    expect(state.failures).toBe(checked);
    // The accounts that were refused by the address got their attempt back: nothing counts against them.
    const accounts = await Promise.all(Array.from({ length: 40 }, (_, i) => loginThrottleState(env, "account", `persona${i}@ejemplo.es`)));
    expect(accounts.reduce((n, s) => n + s.failures, 0)).toBe(checked);
  });

  it("refused guesses do not lengthen the wait, so nobody can keep an owner out beyond the cap", async () => {
    // Six failures straight on the object (no password hashing): a 1 s wait is running.
    const account = rpcStub(env, "LoginThrottle", "account:dora@ejemplo.es");
    for (let i = 0; i < 6; i++) await account.attempt("account");
    const before = await account.peek();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login("dora@ejemplo.es", `otra-${i}`, `198.51.100.${150 + i}`)));
    const after = await account.peek();
    const checked = results.filter((r) => r.status === 401).length;
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
    expect(after.attempts).toBe(before.attempts + 20);
    // Only guesses that were let through (after a wait ended) count as failures and move the wait; refusals never do.
    expect(after.failures).toBe(before.failures + checked);
    if (checked === 0) expect(after.blockedUntil).toBe(before.blockedUntil);
  });
});
