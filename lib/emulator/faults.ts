import type { EmulatorConnection } from './connection.js';
import type { HubCore } from './hub-core.js';

/** Which connections a hook acts on: one socket id, or all of them when omitted. */
export interface ConnectionTarget {
  /** The socket's id (`ConnectionInfo.id`); every socket when omitted. */
  readonly connectionId?: string;
}

/** The kinds of bad frames {@link HubEmulator.sendGarbage} can write. */
export type GarbageKind = 'not-json' | 'truncated-json' | 'binary' | 'json-array' | 'no-event-type';

export const GARBAGE_KINDS: readonly GarbageKind[] = [
  'not-json',
  'truncated-json',
  'binary',
  'json-array',
  'no-event-type',
];

const GARBAGE: Record<GarbageKind, { data: string | Buffer; binary: boolean }> = {
  'not-json': { data: 'this is not JSON {', binary: false },
  'truncated-json': { data: '{"event_type":"bot_message","event_payload":{"conte', binary: false },
  binary: { data: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7b]), binary: true },
  'json-array': { data: '[{"event_type":"bot_message"}]', binary: false },
  'no-event-type': {
    data: '{"event_id":"Qk4zzzzzLPEFzzz=","event_payload":{"text":"orphan"}}',
    binary: false,
  },
};

export function targetsOf(hub: HubCore, target: ConnectionTarget = {}): EmulatorConnection[] {
  if (target.connectionId === undefined) return [...hub.connections.values()];
  const one = hub.connections.get(target.connectionId);
  return one ? [one] : [];
}

/** Writes frames as they are (no envelope, no latency) and returns how many sockets got them. */
export function sendRaw(hub: HubCore, frame: string | Buffer | object, target?: ConnectionTarget): number {
  const data = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame);
  const targets = targetsOf(hub, target).filter((c) => c.open && !c.frozen);
  for (const connection of targets) connection.writeRaw(data, Buffer.isBuffer(data));
  return targets.length;
}

/** Writes one frame of each requested kind of garbage, in order. */
export function sendGarbage(
  hub: HubCore,
  kinds: readonly GarbageKind[] = GARBAGE_KINDS,
  target?: ConnectionTarget,
): number {
  const targets = targetsOf(hub, target).filter((c) => c.open && !c.frozen);
  for (const connection of targets) {
    for (const kind of kinds) connection.writeRaw(GARBAGE[kind].data, GARBAGE[kind].binary);
  }
  return targets.length;
}

/** Resolves once every given connection has closed, or after `ms` (then the stragglers are terminated). */
export function closedWithin(connections: readonly EmulatorConnection[], ms: number): Promise<void> {
  const open = connections.filter((c) => c.ws.readyState !== c.ws.CLOSED);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let left = open.length;
    const timer = setTimeout(() => {
      for (const connection of open) connection.terminate();
      resolve();
    }, ms);
    const done = () => {
      left -= 1;
      if (left === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (const connection of open) connection.ws.once('close', done);
  });
}

/**
 * A gateway or NAT that lost the connection without telling anyone: from now on every frame the
 * client writes is read and thrown away (never recorded, never answered) and nothing reaches the
 * client, but pings are still answered (a gateway answers them itself), so a heartbeat sees nothing
 * wrong. After `ms` of the emulator's clock the socket is destroyed without a close frame (the client sees 1006).
 * Returns the connections it acts on.
 */
export function swallowThenKill(hub: HubCore, ms: number, target?: ConnectionTarget): EmulatorConnection[] {
  const targets = targetsOf(hub, target).filter((c) => c.open);
  for (const connection of targets) {
    // Frames are read (the socket keeps flowing, pongs go out) but reach no handler and no ledger.
    connection.ws.removeAllListeners('message');
    // `frozen` stops every write to it (hub events meant for it are dropped, as with freeze()).
    connection.frozen = true;
    // On the emulator's clock like every other emulator timer, so a ManualClock moves it too.
    const { clock } = hub.settings;
    const timer = clock.setTimeout(() => connection.terminate(), Math.max(0, ms));
    connection.ws.once('close', () => clock.clearTimeout(timer));
  }
  return targets;
}
