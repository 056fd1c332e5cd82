/**
 * The part of the Web Locks API (`navigator.locks`) a store uses: an exclusive lock per owner,
 * asked for with `ifAvailable` (the callback gets `null` when another tab holds it). Atomic across
 * the tabs of an origin, which `localStorage` alone is not.
 */
export interface LockManagerLike {
  /**
   * Calls `callback` with the lock named `name` if no one holds it (else with `null`), and holds it
   * until the promise `callback` returns settles.
   */
  request(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: object | null) => Promise<unknown>,
  ): Promise<unknown>;
}

/**
 * Takes `name` if no one holds it, for as long as the returned release is not called; resolves
 * `undefined` when another tab holds it. Nothing waits: `ifAvailable` answers at once.
 */
export function hold(locks: LockManagerLike, name: string): Promise<(() => void) | undefined> {
  return new Promise((granted) => {
    locks
      .request(name, { ifAvailable: true }, (lock) =>
        lock ? new Promise<void>(granted) : Promise.resolve(granted(undefined)),
      )
      .catch(() => granted(undefined)); // a lock manager that refuses (a sandboxed frame): no claim
  });
}
