/**
 * Reference count of whoever needs the socket (an `events$` subscriber, a `hold()`). The first
 * acquire calls `onFirst`; each release calls `onRelease` (the owner checks whether anything
 * else, like queued frames, still needs the socket). Releases are idempotent.
 */
export class DemandCounter {
  private holders = 0;

  constructor(
    private readonly onAcquire: () => void,
    private readonly onRelease: () => void,
  ) {}

  get count(): number {
    return this.holders;
  }

  acquire(): () => void {
    this.holders += 1;
    this.onAcquire();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      this.onRelease();
    };
  }
}
