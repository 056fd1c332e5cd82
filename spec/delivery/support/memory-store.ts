import type { KeyValueStore } from '../../../lib/delivery/store.js';

/** A `KeyValueStore` in memory; `freeze()` makes it ignore writes, as a crashed process would. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  private frozen = false;
  get = (key: string) => this.data.get(key);
  set = (key: string, value: string) => void (this.frozen || this.data.set(key, value));
  remove = (key: string) => void (this.frozen || this.data.delete(key));
  /** From now on nothing is written: what was stored stays as the "crash" left it. */
  freeze(): void {
    this.frozen = true;
  }
  thaw(): void {
    this.frozen = false;
  }
}
