// The widget's one status line: the connection's state in words a user understands.
import type { ConnectionStatus } from '../../lib/index.js';

/** What the header pill shows, and whether the widget is between a loss and its recovery. */
export interface StatusLine {
  /** For styling: `idle`, `connecting`, `connected`, `reconnecting` or `closed`. */
  readonly state: ConnectionStatus['state'];
  readonly text: string;
  /** `start` when a connection that was up is lost, `end` when it is back. */
  readonly outage?: 'start' | 'end';
}

/**
 * Turns the hub's status stream into status lines. The library counts failed attempts since the
 * last socket that stayed up `stableAfterMs` (10 s by default), so its `attempt` can read 5 after a
 * single short outage; the widget counts tries from the start of the current outage instead, and
 * shows the count only once the first try has failed. While reconnecting, the `connecting` of each
 * try stays "Reconnecting…" so the pill does not flicker.
 */
export function statusLines(): (status: ConnectionStatus) => StatusLine {
  let wasConnected = false;
  /** The library's attempt number of this outage's first try; `undefined` while connected. */
  let firstAttempt: number | undefined;
  let tries = 0;
  return (status) => {
    switch (status.state) {
      case 'idle':
        return { state: 'idle', text: 'Not connected yet' };
      case 'connecting':
        if (firstAttempt !== undefined) return { state: 'reconnecting', text: reconnecting(tries) };
        return { state: 'connecting', text: 'Connecting…' };
      case 'reconnecting': {
        const starts = wasConnected && firstAttempt === undefined;
        if (firstAttempt === undefined) firstAttempt = status.attempt;
        tries = Math.max(1, status.attempt - firstAttempt + 1);
        const line: StatusLine = { state: 'reconnecting', text: reconnecting(tries) };
        return starts ? { ...line, outage: 'start' } : line;
      }
      case 'connected': {
        const ends = firstAttempt !== undefined && wasConnected;
        wasConnected = true;
        firstAttempt = undefined;
        tries = 0;
        const line: StatusLine = { state: 'connected', text: 'Online' };
        return ends ? { ...line, outage: 'end' } : line;
      }
      case 'closed':
        firstAttempt = undefined;
        return { state: 'closed', text: 'Disconnected' };
    }
  };
}

const reconnecting = (tries: number) => (tries > 1 ? `Reconnecting… (try ${tries})` : 'Reconnecting…');
