// One object per login key ("account:<email>" or "address:<ip>"): it serializes that key's attempts, so fifty
// parallel guesses are counted exactly and only the free ones reach the password check. The rule itself is in
// login-delays.ts; worker/auth/login-throttle.ts asks both keys of a login.
import { DurableObject } from "cloudflare:workers";
import { ACCOUNT_POLICY, ADDRESS_POLICY, type AttemptDecision, EMPTY_STATE, type ThrottleState, decideAttempt, refundAttempt } from "./login-delays";

export type LoginKeyKind = "account" | "address";

export interface LoginThrottleRpc {
  attempt(kind: LoginKeyKind): Promise<AttemptDecision>;
  /** The attempt did not fail (the other key refused it, or an address's login succeeded). */
  refund(): Promise<ThrottleState>;
  /** The account's owner logged in: its failures are forgotten. */
  reset(): Promise<ThrottleState>;
  peek(): Promise<ThrottleState>;
}

const STATE_KEY = "state";
const FORGET_MS = Math.max(ACCOUNT_POLICY.forgetAfterMs, ADDRESS_POLICY.forgetAfterMs);

export class LoginThrottle extends DurableObject<Env> implements LoginThrottleRpc {
  private read(): ThrottleState {
    return this.ctx.storage.kv.get<ThrottleState>(STATE_KEY) ?? EMPTY_STATE;
  }

  private write(state: ThrottleState): ThrottleState {
    this.ctx.storage.kv.put(STATE_KEY, state);
    return state;
  }

  async attempt(kind: LoginKeyKind): Promise<AttemptDecision> {
    const decision = decideAttempt(this.read(), kind === "address" ? ADDRESS_POLICY : ACCOUNT_POLICY, Date.now());
    this.write(decision.state);
    // Forget the key once it has been quiet long enough: emails typed by strangers must not be kept forever.
    await this.ctx.storage.setAlarm(Date.now() + FORGET_MS + 60_000);
    return decision;
  }

  async refund(): Promise<ThrottleState> {
    return this.write(refundAttempt(this.read()));
  }

  async reset(): Promise<ThrottleState> {
    return this.write({ ...EMPTY_STATE, attempts: this.read().attempts, lastAt: Date.now() });
  }

  async peek(): Promise<ThrottleState> {
    return this.read();
  }

  override async alarm(): Promise<void> {
    if (Date.now() - this.read().lastAt >= FORGET_MS) await this.ctx.storage.deleteAll();
  }
}
