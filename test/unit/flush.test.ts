// The flush helper (durable/flush.ts) on a fake clock: what arrives within a window goes as one batch on its
// trailing edge, one run at a time, partial batches continue at once, failures back off, the safety net is armed
// once per batch, and the delay may adapt to load.
import { describe, expect, it } from "vitest";
import { type FlushClock, Flusher } from "../../durable/flush";

/** A clock whose timers fire only when the test advances it. */
function fakeClock() {
  let now = 1_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: FlushClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
  };
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async function advance(ms: number): Promise<void> {
    const until = now + ms;
    for (let i = 0; i < 20; i++) await Promise.resolve();
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].fn();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    }
    now = until;
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
  return { clock, advance, pending: () => timers.size, now: () => now };
}

describe("flush helper", () => {
  it("hands over everything that arrived within the window as one batch, on the window's trailing edge", async () => {
    const { clock, advance } = fakeClock();
    const queue: string[] = [];
    const batches: string[][] = [];
    const f = new Flusher({ delayMs: 25, clock, flush: () => void batches.push(queue.splice(0)) });
    const add = (x: string) => (queue.push(x), f.request());
    add("Mensaje de Íñigo");
    await advance(10);
    add("respuesta de Zoë 👋");
    await advance(10);
    expect(batches).toEqual([]);
    await advance(5);
    expect(batches).toEqual([["Mensaje de Íñigo", "respuesta de Zoë 👋"]]);
    expect(f.idle).toBe(true);
  });

  it("leading edge: a request while idle runs at once; what follows within the window waits for its end, as one batch", async () => {
    const { clock, advance } = fakeClock();
    const queue: string[] = [];
    const batches: string[][] = [];
    const f = new Flusher({ delayMs: 25, leading: true, clock, flush: () => void batches.push(queue.splice(0)) });
    const add = (x: string) => (queue.push(x), f.request());
    add("primero");
    await advance(0);
    expect(batches).toEqual([["primero"]]);
    add("segundo");
    await advance(5);
    add("tercero");
    await advance(5);
    expect(batches).toEqual([["primero"]]);
    await advance(15);
    expect(batches).toEqual([["primero"], ["segundo", "tercero"]]);
    // Quiet for longer than the window: the next one goes at once again.
    await advance(100);
    add("cuarto");
    await advance(0);
    expect(batches.at(-1)).toEqual(["cuarto"]);
  });

  it("runs one batch at a time: what arrives during a run goes in the next window, counted from its arrival", async () => {
    const { clock, advance, now } = fakeClock();
    let release: () => void = () => {};
    const started: number[] = [];
    const f = new Flusher({
      delayMs: 25,
      clock,
      flush: () => {
        started.push(now());
        return new Promise<void>((r) => (release = r));
      },
    });
    f.request();
    await advance(25);
    expect(started).toEqual([1_025]);
    await advance(5);
    f.request(); // at 1_030, while the first run is in flight
    await advance(100);
    expect(started).toHaveLength(1);
    release();
    await advance(0);
    // The second window opened at 1_030 and its 25 ms are long over: it goes at once.
    expect(started).toEqual([1_025, 1_130]);
    release();
    await advance(100);
    expect(started).toHaveLength(2);
  });

  it("continues at once while the flush reports a partial batch", async () => {
    const { clock, advance } = fakeClock();
    let left = 5;
    const sizes: number[] = [];
    const f = new Flusher({
      delayMs: 50,
      clock,
      flush: () => {
        const take = Math.min(2, left);
        left -= take;
        sizes.push(take);
        return left > 0;
      },
    });
    f.request();
    await advance(50);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("backs off after failures, doubling, without new requests shortening the wait, and resets on success", async () => {
    const { clock, advance, now } = fakeClock();
    let failing = true;
    const attempts: number[] = [];
    const errors: number[] = [];
    const f = new Flusher({
      delayMs: 10,
      clock,
      backoffMs: (n) => 100 * 2 ** (n - 1),
      onError: (_e, n) => errors.push(n),
      flush: () => {
        attempts.push(now());
        if (failing) throw new Error("D1 no responde");
      },
    });
    f.request();
    await advance(10); // 1_010: fails
    f.request(); // does not bring the retry forward
    await advance(100); // 1_110: fails again
    await advance(150);
    expect(attempts).toEqual([1_010, 1_110]);
    failing = false;
    await advance(50); // 1_310: succeeds
    expect(attempts).toEqual([1_010, 1_110, 1_310]);
    expect(errors).toEqual([1, 2]);
    expect(f.failures).toBe(0);
    expect(f.idle).toBe(true);
  });

  it("arms the safety net once per batch, after the window closes", async () => {
    const { clock, advance } = fakeClock();
    const armed: number[] = [];
    const f = new Flusher({ delayMs: 200, clock, safetyNet: { afterMs: 5_000, arm: (at) => armed.push(at) }, flush: () => {} });
    f.request();
    f.request();
    await advance(5);
    f.request();
    expect(armed).toEqual([1_000 + 200 + 5_000]);
    await advance(200);
    f.request();
    expect(armed).toEqual([6_200, 1_205 + 200 + 5_000]);
  });

  it("takes its delay from a function, so it can lengthen under load", async () => {
    const { clock, advance, now } = fakeClock();
    let backlog = 0;
    const runs: number[] = [];
    const f = new Flusher({ delayMs: () => (backlog > 50 ? 1_000 : 100), clock, flush: () => void runs.push(now()) });
    f.request();
    await advance(100);
    backlog = 80;
    f.request();
    await advance(999);
    expect(runs).toEqual([1_100]);
    await advance(1);
    expect(runs).toEqual([1_100, 2_100]);
  });

  it("flushNow runs at once and cancels the pending window", async () => {
    const { clock, advance, pending } = fakeClock();
    let runs = 0;
    const f = new Flusher({ delayMs: 1_000, clock, flush: () => void runs++ });
    f.request();
    await f.flushNow();
    expect(runs).toBe(1);
    expect(pending()).toBe(0);
    await advance(2_000);
    expect(runs).toBe(1);
  });
});
