// Development-only D1 fault injection: makes D1 slow or failing for the outbox's projection, to prove the
// webhook path never depends on D1 (fault tests and benchmarks). Inert unless ENVIRONMENT is "development".
import { isDevelopment } from "../env";

export interface D1FaultConfig {
  mode: "ok" | "fail" | "slow";
  /** Added latency per D1 call in "slow" mode. */
  delayMs: number;
}

// Module state: the Worker and its Durable Objects share one isolate locally (wrangler dev and tests).
let config: D1FaultConfig = { mode: "ok", delayMs: 0 };

export function setD1Faults(next: D1FaultConfig): void {
  config = next;
}

export function d1Faults(): D1FaultConfig {
  return config;
}

async function disturb(): Promise<void> {
  if (config.mode === "fail") throw new Error("D1_ERROR: injected failure (development fault injection)");
  if (config.mode === "slow") await new Promise((r) => setTimeout(r, config.delayMs));
}

/** The D1 binding the outbox should use: the real one, or (in development, when faults are on) a disturbed one. */
export function outboxDatabase(env: Env): D1Database {
  if (!isDevelopment(env) || config.mode === "ok") return env.DB;
  const db = env.DB;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "batch" || prop === "exec") {
        return async (...args: unknown[]) => {
          await disturb();
          return (Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
