import { type Observable, type SchedulerLike, Subscription } from '../rx.js';
import type { HubError } from '../errors.js';
import type { SocketFailure } from './close-policy.js';
import type { ConnectionStatus } from './hub-connection.js';
import { reconnectLoop$ } from './reconnect-loop.js';
import type { ResolvedConnectionOptions } from './resolve-options.js';
import { socketSession$, type SessionSink } from './socket-session.js';
import { type WakeupSources, wakeups$ } from './wakeups.js';

/** What the runner needs besides the options (see `socketRunner`). */
export interface RunnerParams {
  readonly sink: SessionSink;
  /** See `socketSession$`. */
  readonly quiet$: Observable<boolean>;
  readonly setStatus: (status: ConnectionStatus) => void;
  /** The loop gave up (fatal close, reconnection off, attempts exhausted). */
  readonly gaveUp: (error: HubError) => void;
  readonly scheduler?: SchedulerLike;
  readonly random?: () => number;
  readonly wakeupSources?: WakeupSources;
}

/** Sockets in succession, on demand (see `socketRunner`). */
export interface SocketRunner {
  /** Counts sockets (see `ConnectionStatus`). */
  readonly generation: number;
  readonly running: boolean;
  /** Starts the sockets unless running. */
  start(): void;
  /** Ends the socket now (1000) and stops. */
  stop(): void;
  /**
   * Ends socket `generation` if it is the one running, and opens the next at once: whatever that
   * socket still owed will never arrive.
   */
  recycle(generation: number): void;
}

/**
 * Runs the reconnect loop (`reconnectLoop$` over `socketSession$`) while started, numbering the
 * sockets and reporting each one's `connecting` and every retry on the status.
 */
export function socketRunner(options: ResolvedConnectionOptions, params: RunnerParams): SocketRunner {
  const { sink, quiet$, setStatus, scheduler } = params;
  let running: Subscription | undefined;
  let generation = 0;
  return {
    get generation() {
      return generation;
    },
    get running() {
      return running !== undefined;
    },
    start() {
      if (running) return;
      // Set before subscribing: a socket may connect, or fail for good, synchronously.
      const current = (running = new Subscription());
      const loop$ = reconnectLoop$({
        session: (attempt) => {
          generation += 1;
          setStatus({ state: 'connecting', generation, attempt });
          return socketSession$(options, sink, quiet$, scheduler);
        },
        reconnect: options.reconnect,
        onRetry: ({ error }, attempt, delayMs) =>
          setStatus({ state: 'reconnecting', generation, attempt, delayMs, lastError: error }),
        wakeups$: wakeups$(params.wakeupSources),
        random: params.random,
        scheduler,
      });
      current.add(loop$.subscribe({ error: (failure: SocketFailure) => params.gaveUp(failure.error) }));
    },
    stop() {
      running?.unsubscribe();
      running = undefined;
    },
    recycle(socket) {
      if (!running || socket !== generation) return;
      options.logger?.info?.('captivate-hub: recycling the socket (an answer it owes never came)', {
        generation,
      });
      this.stop();
      this.start();
    },
  };
}
