// The local runtime for fault tests: the product under `wrangler dev` (a snapshot of the tree, see
// bench/lib/snapshot.mjs) on a persist dir that survives SIGKILL + restart, plus a few agents with API tokens.
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { d1, provisionAgents } from "../../../bench/lib/servers.mjs";
// @ts-expect-error plain ESM helpers shared with the benchmark
import { productSnapshot } from "../../../bench/lib/snapshot.mjs";

export interface Runtime {
  url: string;
  persist: string;
  stop(): Promise<void>;
  /** SIGKILL the whole process group (npx, wrangler, both workerd processes): no shutdown hooks run. */
  kill(): void;
}

export async function freshState(name: string): Promise<string> {
  const dir = path.join(os.tmpdir(), "colmena-faults", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

let snapshot: { startLocalServer: (o: Record<string, unknown>) => Promise<{ url: string; stop: () => Promise<void>; process: { pid: number } }> } | null = null;

export async function startRuntime(dir: string, port: number, vars: Record<string, string> = {}): Promise<Runtime> {
  snapshot ??= await productSnapshot(path.join(dir, "..", `src-${path.basename(dir)}`));
  const persist = path.join(dir, "state");
  const server = await snapshot!.startLocalServer({ port, persistTo: persist, vars, quiet: true, build: false });
  d1(persist, "UPDATE channels SET routing_policy = 'manual'");
  return {
    url: server.url,
    persist,
    stop: () => server.stop(),
    kill: () => {
      try {
        process.kill(-server.process.pid, "SIGKILL");
      } catch {}
    },
  };
}

export function agentTokens(persist: string, count: number, prefix = "fault"): Array<{ agentId: string; token: string }> {
  return provisionAgents(persist, count, prefix);
}
