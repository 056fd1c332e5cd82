import type { InFlight } from './settlement.js';

/**
 * Requests by lane, in call order; the head of a lane is the one on the wire (or about to be),
 * those behind it wait their turn. See `correlationOf` for the lanes.
 */
export class Lanes<P extends InFlight> {
  /** Lane → its requests, head first (read by `settlementOf`). */
  readonly byLane = new Map<string, P[]>();

  /** Adds `request` to its lane; `true` when it heads it (its turn now). */
  join(request: P): boolean {
    const { lane } = request.correlation;
    const queue = this.byLane.get(lane);
    if (queue) return queue.push(request) === 1;
    this.byLane.set(lane, [request]);
    return true;
  }

  /** Removes `request`; returns the lane's next request when `request` headed it (its turn now). */
  part(request: P): P | undefined {
    const { lane } = request.correlation;
    const queue = this.byLane.get(lane);
    const at = queue ? queue.indexOf(request) : -1;
    if (!queue || at < 0) return undefined;
    queue.splice(at, 1);
    if (!queue.length) this.byLane.delete(lane);
    return at === 0 ? queue[0] : undefined;
  }
}
