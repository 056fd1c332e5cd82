import type { Observable } from 'rxjs';
import type { FrameWatcher, SendReceipt, Withdraw } from '../../../lib/connection/hub-connection.js';
import type { HubError } from '../../../lib/errors.js';

/** A test connection's frame: its write receipt, and taking it back before it is written. */
export interface QueuedFrame {
  readonly written$: Observable<SendReceipt>;
  withdraw(): boolean;
}

/** `HubConnection.enqueue` over a test connection's frame: tells `watcher` what becomes of it. */
export function enqueueFrame(frame: QueuedFrame, watcher: FrameWatcher): Withdraw {
  frame.written$.subscribe({
    next: ({ generation }) => watcher.written(generation),
    error: (error: HubError) => watcher.fail(error),
  });
  return frame.withdraw;
}
