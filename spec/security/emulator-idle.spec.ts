import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { ManualClock, startHubEmulator, type HubEmulator } from '../../lib/emulator/index.js';

const IDLE = 200;

/** Resolves when the server has closed `socket` (it is never read: a close must reach it anyway). */
function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve();
    socket.once('close', () => resolve());
  });
}

/** Waits (event-loop turns, no wall clock; bounded) until the emulator has armed one more timer. */
async function armed(clock: ManualClock, before: number): Promise<void> {
  for (let turn = 0; clock.pending <= before; turn++) {
    if (turn > 10_000) throw new Error('the emulator armed no deadline on its clock');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * An emulator on a manual clock with an open, idle WebSocket beside it, and its "cut" log lines: the
 * deadlines run on the emulator's clock, so only `clock.advance` can cut a connection.
 */
async function setUp(): Promise<{
  emulator: HubEmulator;
  clock: ManualClock;
  cuts: string[];
  ws: WebSocket;
}> {
  const clock = new ManualClock();
  const cuts: string[] = [];
  const logger = { info: (line: string) => void (line.startsWith('cut ') && cuts.push(line)) };
  const emulator = await startHubEmulator({ clock, logger, idleSocketTimeoutMs: IDLE });
  const ws = new WebSocket(emulator.urlWithKey());
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('message', resolve)); // socket_connected
  return { emulator, clock, cuts, ws };
}

/** A raw TCP connection the emulator has accepted (its deadline is armed). */
async function rawConnection(emulator: HubEmulator, clock: ManualClock): Promise<Socket> {
  const before = clock.pending;
  const raw = connect(emulator.port, '127.0.0.1');
  raw.on('error', () => undefined);
  await armed(clock, before);
  return raw;
}

describe('the emulator cuts TCP connections that stay idle without becoming a WebSocket (virtual time)', () => {
  it.each([
    ['sends nothing', ''],
    ['never finishes its request headers', 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n'],
    ['never finishes an upgrade request', 'GET /?apikey=k HTTP/1.1\r\nUpgrade: websocket\r\n'],
    [
      'never finishes its request body',
      'POST /api/custom-channel/sockets/message HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc',
    ],
  ])(
    'closes a connection that %s, exactly at the deadline; an idle WebSocket stays open',
    async (_name, partial) => {
      const { emulator, clock, cuts, ws } = await setUp();
      const raw = await rawConnection(emulator, clock);
      try {
        raw.write(partial);
        clock.advance(IDLE - 1);
        expect(cuts).toEqual([]);
        expect(raw.closed).toBe(false);
        clock.advance(1);
        expect(cuts).toHaveLength(1);
        await closed(raw);
        // The WebSocket has been idle as long as the raw socket: only the raw one was cut.
        expect(ws.readyState).toBe(WebSocket.OPEN);
      } finally {
        raw.destroy();
        ws.close();
        await emulator.stop();
      }
    },
  );

  it('closes a connection that trickles its headers a byte at a time (slowloris)', async () => {
    const { emulator, clock, cuts, ws } = await setUp();
    const raw = await rawConnection(emulator, clock);
    try {
      raw.write('GET /healthz HTTP/1.1\r\nX-Slow: ');
      // A byte every 50 ms never leaves the socket idle: the headers deadline alone cuts it.
      for (let t = 0; t < IDLE - 50; t += 50) {
        raw.write('X');
        clock.advance(50);
      }
      clock.advance(49);
      expect(cuts).toEqual([]);
      clock.advance(1);
      expect(cuts).toEqual([`cut a TCP connection: no request within ${IDLE} ms`]);
      await closed(raw);
    } finally {
      raw.destroy();
      ws.close();
      await emulator.stop();
    }
  });

  it('gives a keep-alive connection a new deadline after each answer, then cuts it idle', async () => {
    const { emulator, clock, cuts, ws } = await setUp();
    const raw = await rawConnection(emulator, clock);
    try {
      clock.advance(IDLE - 50);
      const answered = new Promise<Buffer>((resolve) => raw.once('data', resolve));
      raw.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect((await answered).toString()).toMatch(/^HTTP\/1\.1 200 /);
      await new Promise((resolve) => setImmediate(resolve)); // the response's 'finish'
      clock.advance(IDLE - 1); // past the first deadline: the answer re-armed it
      expect(cuts).toEqual([]);
      clock.advance(1);
      expect(cuts).toHaveLength(1);
      await closed(raw);
    } finally {
      raw.destroy();
      ws.close();
      await emulator.stop();
    }
  });
});

describe('the emulator cuts a connection that never reads its answers (virtual time)', () => {
  it('closes it once its answers have waited a deadline to be taken', async () => {
    const { emulator, clock, cuts, ws } = await setUp();
    const raw = await rawConnection(emulator, clock);
    try {
      raw.pause(); // never reads: the answers fill the kernel's buffers, then Node's
      const request =
        'POST /api/custom-channel/sockets/message HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n';
      raw.write(request.repeat(40_000));
      // Bounded (event-loop turns): the emulator stops reading once its answers back up; with no
      // deadline left armed, nothing would ever close the connection.
      for (let i = 0; i < 2_000; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(cuts).toEqual([]);
      for (let i = 0; i < 5 && !cuts.length; i++) clock.advance(IDLE);
      expect(cuts).toHaveLength(1);
    } finally {
      raw.destroy();
      ws.close();
      await emulator.stop();
    }
  });
});
