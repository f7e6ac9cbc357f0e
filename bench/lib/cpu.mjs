// CPU seconds used by each process of a server's process group (from /proc), to show where a phase's time went:
// the Worker's workerd, wrangler's proxy workerd, wrangler's Node process, and this load generator.
import { readdirSync, readFileSync } from "node:fs";

const TICK = 100; // USER_HZ on Linux

export function groupCpu(pgid) {
  const out = { client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 };
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      const name = comm === "workerd" ? (/entry=127\.0\.0\.1:0 /.test(args) ? "workerd_worker" : "workerd_proxy") : args.includes("cli.js") ? "wrangler_node" : null;
      if (name) out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICK;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Seconds of CPU of the server's processes in a snapshot (the load generator's own left out). */
export function serverCpu(snapshot) {
  return (snapshot.workerd_worker ?? 0) + (snapshot.workerd_proxy ?? 0) + (snapshot.wrangler_node ?? 0);
}

export function cpuSince(before, pgid) {
  const now = groupCpu(pgid);
  return Object.fromEntries(Object.keys(now).map((k) => [k, Math.round((now[k] - (before[k] ?? 0)) * 100) / 100]));
}

/** Waits until the server's processes use under 10% of a core for half a second (alarms and projections drained). */
export async function waitIdle(pgid, { maxMs = 30_000, threshold = 0.1 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const before = groupCpu(pgid);
    await new Promise((r) => setTimeout(r, 500));
    const used = cpuSince(before, pgid);
    const server = serverCpu(used);
    if (server / 0.5 < threshold) return { idle: true, waitedS: (Date.now() - t0) / 1000 };
    if (Date.now() - t0 > maxMs) return { idle: false, waitedS: (Date.now() - t0) / 1000 };
  }
}
