import type { LockManagerLike } from '../../../lib/delivery/store.js';

/**
 * Web Locks as one origin's browser keeps them, in memory: exclusive, `ifAvailable` only, the
 * callback called in a later microtask (as `navigator.locks` does). `closeTab` lets go of the locks
 * a tab held, as the browser does when the tab goes.
 */
export class FakeLocks implements LockManagerLike {
  readonly held = new Map<string, () => void>();
  /** Requests for these names, made while listed, are answered once the promise settles (a slow browser). */
  readonly slow = new Map<string, Promise<void>>();

  async request(
    name: string,
    _options: { ifAvailable: true },
    callback: (lock: object | null) => Promise<unknown>,
  ): Promise<unknown> {
    const slow = this.slow.get(name);
    await Promise.resolve();
    await slow;
    if (this.held.has(name)) return callback(null);
    let release = (): void => undefined;
    const gone = new Promise<void>((resolve) => (release = resolve));
    this.held.set(name, release);
    try {
      return await Promise.race([callback({ name }), gone]);
    } finally {
      this.held.delete(name);
    }
  }

  /** The tab holding `name` closed for good. */
  closeTab(name: string): void {
    this.held.get(name)?.();
  }
}

/** Lets every pending claim run to its end (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
