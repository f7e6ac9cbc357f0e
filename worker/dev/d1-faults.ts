// Development-only D1 fault injection: makes D1 slow or failing for the workspace object's projection, to prove the
// webhook path never depends on D1 (fault tests and benchmarks). Installed through the projection's wrapper hook;
// only the dev routes (404 outside development) and tests call it.
import { wrapProjectionDatabase } from "../../durable/projection-database";

export interface D1FaultConfig {
  mode: "ok" | "fail" | "slow";
  /** Added latency per D1 call in "slow" mode. */
  delayMs: number;
}

let config: D1FaultConfig = { mode: "ok", delayMs: 0 };

export function setD1Faults(next: D1FaultConfig): void {
  config = next;
  wrapProjectionDatabase(next.mode === "ok" ? null : disturbed);
}

export function d1Faults(): D1FaultConfig {
  return config;
}

async function disturb(): Promise<void> {
  if (config.mode === "fail") throw new Error("D1_ERROR: injected failure (development fault injection)");
  if (config.mode === "slow") await new Promise((r) => setTimeout(r, config.delayMs));
}

function disturbed(db: D1Database): D1Database {
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
