// Slows down password guessing with growing waits per account and per client address. Each key is one Durable Object
// (durable/login-throttle.ts) that counts attempts atomically before the password is checked, so parallel guesses
// cannot slip past the count. Used by the login route.
import { rpcStub } from "../../durable/stubs";

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/** The client's address: Cloudflare's own header in production, the proxy's in local development. */
export function clientAddress(request: Request): string {
  return request.headers.get("cf-connecting-ip") ?? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "local";
}

export type LoginGate = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts this attempt on both keys; refused when either is in a wait (the other key's count is then given back). */
export async function beginLogin(env: Env, email: string, address: string): Promise<LoginGate> {
  const account = rpcStub(env, "LoginThrottle", accountKey(email));
  const client = rpcStub(env, "LoginThrottle", addressKey(address));
  const [byAccount, byAddress] = await Promise.all([account.attempt("account"), client.attempt("address")]);
  if (byAccount.allowed && byAddress.allowed) return { allowed: true };
  // Only the key that refused keeps a failure for this attempt: the password was never checked.
  await Promise.all([byAccount.allowed ? account.refund() : null, byAddress.allowed ? client.refund() : null]);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(byAccount.retryAfterMs, byAddress.retryAfterMs) / 1000)) };
}

/** The password was right: the account's failures are forgotten, and the address gets this attempt back. */
export async function loginSucceeded(env: Env, email: string, address: string): Promise<void> {
  await Promise.all([rpcStub(env, "LoginThrottle", accountKey(email)).reset(), rpcStub(env, "LoginThrottle", addressKey(address)).refund()]);
}

/**
 * The password was right but a second step (a TOTP code) is still owed: the address gets this attempt back, the
 * account keeps it as a failure until the code is right — so knowing the password does not reset the count that
 * slows down guessing codes.
 */
export async function passwordAccepted(env: Env, address: string): Promise<void> {
  await rpcStub(env, "LoginThrottle", addressKey(address)).refund();
}

/** What a key has seen so far (tests, and an admin's diagnostics later). */
export function loginThrottleState(env: Env, kind: "account" | "address", value: string) {
  return rpcStub(env, "LoginThrottle", kind === "account" ? accountKey(value) : addressKey(value)).peek();
}
