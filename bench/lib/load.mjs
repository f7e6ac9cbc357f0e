// Load shapes: sequential (one request at a time, the latency floor of a path) and open-loop at a fixed
// arrival rate (requests leave on schedule whether or not earlier ones returned; latency counts from the schedule).

export async function sequential(count, send) {
  const samples = [];
  const failures = [];
  for (let i = 0; i < count; i++) {
    const r = await send(i);
    if (r.status === 200 || r.status === 201) samples.push(r.ms);
    else failures.push(r);
  }
  return { samples, failures };
}

/**
 * Sends `rate` requests/s for `seconds`. `send(i, scheduledAt)` must measure from scheduledAt. Returns the
 * latencies, errors, achieved rate, and the client's own CPU time (the generator shares the machine).
 */
export async function openLoop({ rate, seconds, send }) {
  const total = Math.round(rate * seconds);
  const samples = [];
  const errors = [];
  const inflight = new Set();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  let maxLagMs = 0;
  await new Promise((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + (next * 1000) / rate <= now) {
        const scheduledAt = t0 + (next * 1000) / rate;
        maxLagMs = Math.max(maxLagMs, now - scheduledAt);
        const p = send(next, scheduledAt).then((r) => {
          if (r.status === 200) samples.push(r.ms);
          else errors.push({ status: r.status, body: String(r.error ?? r.body ?? "").slice(0, 200) });
          inflight.delete(p);
        });
        inflight.add(p);
        next++;
      }
      if (next < total) setTimeout(tick, 0);
      else done();
    };
    tick();
  });
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { samples, errors, sent: total, elapsedS: elapsed, achievedRps: total / elapsed, clientCpuPct: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100, maxLagMs };
}
