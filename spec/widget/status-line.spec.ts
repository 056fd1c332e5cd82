// The demo widget's status line: words, not codes, and a try count that belongs to the current
// outage even though the library's attempt counter only resets after a stable connection.
import { HubError, type ConnectionStatus } from '../../lib/index.js';
import { statusLines } from '../../examples/widget/status-line.js';

const lost = new HubError('CONNECTION_LOST', 'Socket closed (1012)');
const connected = (generation: number): ConnectionStatus => ({
  state: 'connected',
  generation,
  socketId: `s${generation}`,
});
const connecting = (generation: number, attempt: number): ConnectionStatus => ({
  state: 'connecting',
  generation,
  attempt,
});
const reconnecting = (generation: number, attempt: number): ConnectionStatus => ({
  state: 'reconnecting',
  generation,
  attempt,
  delayMs: 100,
  lastError: lost,
});

describe('demo widget status line', () => {
  it('says "Reconnecting…" without a count after one drop, even when the library counts attempt 5', () => {
    const toLine = statusLines();
    const lines = [
      { state: 'idle' } as const,
      connecting(1, 0),
      connected(1),
      reconnecting(1, 5),
      connecting(2, 5),
      connected(2),
    ].map(toLine);
    expect(lines.map((line) => line.text)).toEqual([
      'Not connected yet',
      'Connecting…',
      'Online',
      'Reconnecting…',
      'Reconnecting…',
      'Online',
    ]);
    expect(lines.map((line) => line.outage)).toEqual([
      undefined,
      undefined,
      undefined,
      'start',
      undefined,
      'end',
    ]);
  });

  it('counts the tries of the current outage only, and shows the count once a try has failed', () => {
    const toLine = statusLines();
    toLine(connected(1));
    const first = [
      reconnecting(1, 3),
      connecting(2, 3),
      reconnecting(2, 4),
      connecting(3, 4),
      reconnecting(3, 5),
    ];
    expect(first.map(toLine).map((line) => line.text)).toEqual([
      'Reconnecting…',
      'Reconnecting…',
      'Reconnecting… (try 2)',
      'Reconnecting… (try 2)',
      'Reconnecting… (try 3)',
    ]);
    expect(toLine(connected(4)).outage).toBe('end');
    expect(toLine(reconnecting(4, 6))).toEqual({
      state: 'reconnecting',
      text: 'Reconnecting…',
      outage: 'start',
    });
  });

  it('never reports an outage before the first connection, and says "Disconnected" when closed', () => {
    const toLine = statusLines();
    expect(toLine(reconnecting(1, 1)).outage).toBeUndefined();
    expect(toLine(connected(2)).outage).toBeUndefined();
    expect(toLine({ state: 'closed', error: lost })).toEqual({ state: 'closed', text: 'Disconnected' });
  });
});
