// The one way to "send this later, in bulk": the first request opens a window (trailing edge: whatever arrives
// before it closes joins the batch), one run hands the batch over, failures back off, and an optional durable alarm
// is the safety net if this instance disappears first. Used by the workspace relays, the live list and the D1
// projection. Plain code over an injectable clock, so its unit test needs no runtime.

export interface FlushClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: FlushClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface FlushOptions {
  /** How long after the first request the batch is handed over; a function for a delay that adapts to load. */
  delayMs: number | (() => number);
  /**
   * Leading edge: a request while idle runs at once, and later runs come at most every `delayMs` (what arrives in
   * between joins the next batch). For batches someone is waiting on live (the list, relays): no added latency when
   * traffic is light, batching when it is not. Without it the window is trailing: every batch waits `delayMs`.
   */
  leading?: boolean;
  /** Hands over what accumulated. Returns true when more is left right now (a partial batch); throws on failure. */
  flush: () => Promise<boolean | void> | boolean | void;
  /** Wait before retrying after `failures` failures in a row (default: 200 ms doubling to 30 s, ±20 % jitter). */
  backoffMs?: (failures: number) => number;
  /** A durable wake-up armed with the first request of a batch, `afterMs` after its window closes. */
  safetyNet?: { afterMs: number; arm: (at: number) => unknown };
  onError?: (err: unknown, failures: number) => void;
  clock?: FlushClock;
}

/** Exponential backoff with jitter, so many retrying callers do not come back in the same instant. */
export function backoffDelay(failures: number, minimumMs = 200, maximumMs = 30_000): number {
  const base = Math.min(maximumMs, minimumMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class Flusher {
  readonly #opts: FlushOptions;
  readonly #clock: FlushClock;
  #timer: unknown = null;
  #running: Promise<void> | null = null;
  /** A request arrived while a run was in flight: its batch opened at this time. */
  #nextOpenedAt: number | null = null;
  #failures = 0;
  #netArmed = false;
  /** When the last run started (leading edge: the next one waits until `delayMs` after it). */
  #lastRunAt = Number.NEGATIVE_INFINITY;

  constructor(opts: FlushOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? realClock;
  }

  /** Failures in a row so far (0 once a run succeeds). */
  get failures(): number {
    return this.#failures;
  }

  /** Nothing scheduled and nothing running. */
  get idle(): boolean {
    return this.#timer === null && this.#running === null;
  }

  #delay(): number {
    const d = this.#opts.delayMs;
    return typeof d === "function" ? d() : d;
  }

  /** Something was added: hand it over when the current window closes (opening one if none is open). */
  request(): void {
    this.#armNet();
    if (this.#running) {
      this.#nextOpenedAt ??= this.#clock.now();
      return;
    }
    // An open window or a backoff wait already covers this request.
    if (this.#timer !== null) return;
    this.#schedule(this.#opts.leading ? this.#lastRunAt + this.#delay() - this.#clock.now() : this.#delay());
  }

  /** Runs at once (the alarm's safety net, a test); resolves when that run is over. */
  async flushNow(): Promise<void> {
    if (this.#running) {
      this.#nextOpenedAt ??= this.#clock.now();
      await this.#running;
      return;
    }
    this.#cancel();
    await this.#run();
  }

  #armNet(): void {
    const net = this.#opts.safetyNet;
    if (!net || this.#netArmed) return;
    this.#netArmed = true;
    void net.arm(this.#clock.now() + this.#delay() + net.afterMs);
  }

  #cancel(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(ms: number): void {
    this.#cancel();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, Math.max(0, ms));
  }

  #run(): Promise<void> {
    this.#lastRunAt = this.#clock.now();
    const run = (async () => {
      let outcome: "more" | "done" | "failed";
      try {
        outcome = (await this.#opts.flush()) === true ? "more" : "done";
        this.#failures = 0;
      } catch (err) {
        this.#failures++;
        outcome = "failed";
        this.#opts.onError?.(err, this.#failures);
      }
      this.#running = null;
      this.#afterRun(outcome);
    })();
    this.#running = run;
    return run;
  }

  #afterRun(outcome: "more" | "done" | "failed"): void {
    const openedAt = this.#nextOpenedAt;
    this.#nextOpenedAt = null;
    if (outcome === "failed") {
      // What is left waits out the backoff; requests meanwhile join it rather than hammering a failing target.
      this.#schedule((this.#opts.backoffMs ?? backoffDelay)(this.#failures));
    } else if (outcome === "more") {
      this.#schedule(0);
    } else if (openedAt !== null) {
      // Requests that came in during the run: their window opened then, and closes `delay` after it (leading edge:
      // `delay` after the run that just ended started).
      this.#schedule((this.#opts.leading ? this.#lastRunAt : openedAt) + this.#delay() - this.#clock.now());
    } else {
      // All handed over: the next request arms a new safety net.
      this.#netArmed = false;
    }
  }
}
