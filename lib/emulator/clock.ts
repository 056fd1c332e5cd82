/** A timer handle of an {@link EmulatorClock}; only ever passed back to its `clearTimeout`. */
export type ClockTimer =
  | {
      /** A brand only: no value has it, so any object handle fits and nothing else does by accident. */
      readonly __clockTimer?: never;
    }
  | NodeJS.Timeout;

/**
 * Where the emulator reads the time and arms its timers: latency, idle timeout, maximum connection
 * duration, refusal windows, restart downtime and the bot's answer delay. The default is the wall
 * clock (timers unref'd); tests pass a {@link ManualClock} and move time themselves.
 *
 * @example
 * const clock = new ManualClock();
 * const hub = await startHubEmulator({ clock, limits: { idleTimeoutMs: 1_000 } });
 * clock.advance(1_000); // every socket idle for 1 s is closed 1001 now
 */
export interface EmulatorClock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Calls `callback` once, `ms` from now; must not keep the process alive on its own. */
  setTimeout(callback: () => void, ms: number): ClockTimer;
  /** Cancels a timer of {@link setTimeout} not yet run; `undefined` or a spent timer is ignored. */
  clearTimeout(timer: ClockTimer | undefined): void;
}

/** The wall clock: `Date.now()` and unref'd Node timers. */
export const systemClock: EmulatorClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout | undefined),
};

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when told: {@link advance} runs every timer that falls due, in time
 * order, with `now()` set to each timer's due time. For tests on virtual time.
 *
 * @example
 * const clock = new ManualClock();
 * const hub = await startHubEmulator({ clock, latencyMs: 200 });
 * // … a bot reply is now queued for 200 virtual ms …
 * clock.advance(200); // written
 */
export class ManualClock implements EmulatorClock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<object, ManualTimer>();

  /** @param start the initial `now()`. @default 0 */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const handle = {};
    this.#timers.set(handle, { due: this.#now + Math.max(0, ms), seq: ++this.#seq, callback });
    return handle;
  }

  clearTimeout(timer: ClockTimer | undefined): void {
    if (timer !== undefined) this.#timers.delete(timer);
  }

  /** Timers armed and not yet run or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, running each timer due on the way (also those armed by the
   * timers themselves), earliest first.
   */
  advance(ms: number): void {
    const target = this.#now + Math.max(0, ms);
    for (;;) {
      const next = this.#earliestDue(target);
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].callback();
    }
    this.#now = target;
  }

  #earliestDue(limit: number): [object, ManualTimer] | undefined {
    let best: [object, ManualTimer] | undefined;
    for (const entry of this.#timers) {
      const timer = entry[1];
      if (timer.due > limit) continue;
      if (!best || timer.due < best[1].due || (timer.due === best[1].due && timer.seq < best[1].seq))
        best = entry;
    }
    return best;
  }
}
