import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NEVER, filter, firstValueFrom, take, timeout } from 'rxjs';
import { benchConfig } from '../config.js';
import { compare, single, type Row } from '../harness/report.js';
import { Outbox, type OutboxDeps } from '../../lib/delivery/outbox.js';
import type { FrameWatcher } from '../../lib/connection/hub-connection.js';
import { encodeEvent } from '../../lib/protocol/encode.js';
import { connectHub } from '../../lib/hub/connect-hub.js';
import { startHubEmulator } from '../../lib/emulator/index.js';

const SCENARIO = '8 delivery';
const TEXT = 'What are your opening hours?';

/**
 * Scenario 8: what tracking each user message until the hub has it costs (in-process, from the
 * sources: the outbox is internal), and what a reconnect with unconfirmed messages costs against
 * the emulator: transcript requests, and the time from the new socket to the last missing message
 * written again.
 */
export async function deliveryScenario(): Promise<{ rows: Row[]; raw: unknown }> {
  const runs = benchConfig.runs;
  const messages = benchConfig.quick ? 20_000 : 100_000;
  const cpu = { tracked: [] as number[], encodeOnly: [] as number[] };
  for (let run = 0; run < runs; run += 1) {
    cpu.encodeOnly.push(encodeOnly(messages));
    cpu.tracked.push(tracked(messages));
  }
  const heap = heapPerUnconfirmed(benchConfig.quick ? 5_000 : 20_000);
  const storeBytes = storeBytesPerMessage();
  const reconnects = [];
  for (let run = 0; run < runs; run += 1) reconnects.push(await reconnectRun(20, 5));
  const rows: Row[] = [
    compare(
      SCENARIO,
      'send cost per message: encode + outbox (queued → written → confirmed) vs encode alone',
      'µs',
      { label: 'tracked', samples: cpu.tracked },
      { label: 'encode only', samples: cpu.encodeOnly },
    ),
    single(SCENARIO, 'heap per unconfirmed message (28-char text)', 'B', {
      label: 'outbox',
      samples: [heap],
    }),
    single(SCENARIO, 'store bytes per unconfirmed message (JSON)', 'B', {
      label: 'store',
      samples: [storeBytes],
    }),
    single(SCENARIO, 'transcript requests, reconnect with 20 conversations × 5 unconfirmed', 'requests', {
      label: 'captivate-hub-rx',
      samples: reconnects.map((r) => r.requestsWithUnconfirmed),
    }),
    single(SCENARIO, 'transcript requests, reconnect with nothing unconfirmed', 'requests', {
      label: 'captivate-hub-rx',
      samples: reconnects.map((r) => r.requestsWithNothing),
    }),
    single(SCENARIO, 'socket_connected → last of 100 missing messages re-sent', 'ms', {
      label: 'captivate-hub-rx',
      samples: reconnects.map((r) => r.resentMs),
    }),
  ];
  return { rows, raw: { cpu, heap, storeBytes, reconnects } };
}

const content = { type: 'text' as const, text: TEXT };

function encodeOnly(n: number): number {
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    encodeEvent({ type: 'user_message', payload: { clientMsgId: `m${i}`, conversationId: 'c', content } });
  }
  return ((performance.now() - started) * 1_000) / n;
}

/** A socket that takes every frame at once; the hub answers a probe every 100 messages. */
function syncDeps(encode: boolean): OutboxDeps & { seq: number } {
  const deps = {
    seq: 0,
    write: (clientMsgId: string, _content: unknown, watcher: FrameWatcher) => {
      if (encode) {
        encodeEvent({ type: 'user_message', payload: { clientMsgId, conversationId: 'c', content } });
      }
      watcher.written(1);
      return () => false;
    },
    transcript$: () => {
      throw new Error('no check in this run');
    },
    nextSeq: () => ++deps.seq,
    written: () => undefined,
    changed: () => undefined,
    report: () => undefined,
    later: () => undefined,
    probe$: () => NEVER,
    limit: 1_000,
  };
  return deps;
}

function tracked(n: number): number {
  const deps = syncDeps(true);
  const outbox = new Outbox(deps);
  outbox.connected(1);
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    outbox.push(`m${i}`, content).subscribe();
    if (i % 100 === 99) outbox.confirmUpTo(1, deps.seq);
  }
  return ((performance.now() - started) * 1_000) / n;
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapPerUnconfirmed(n: number): number {
  const outbox = new Outbox({ ...syncDeps(false), limit: n + 1 });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i += 1)
    outbox.push(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, content);
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / n;
  if (outbox.size !== n) throw new Error('the outbox dropped messages');
  return bytes;
}

function storeBytesPerMessage(): number {
  const outbox = new Outbox({ ...syncDeps(false), limit: 1_001 });
  for (let i = 0; i < 1_000; i += 1)
    outbox.push(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, content);
  return JSON.stringify(outbox.snapshot()).length / 1_000;
}

/**
 * 20 conversations, 5 messages each swallowed by a dead link; the link is killed; counted: the
 * transcript requests of that reconnect, the time from the new socket to the last re-sent message,
 * and the requests of a second reconnect with nothing unconfirmed.
 */
async function reconnectRun(conversations: number, each: number) {
  const emulator = await startHubEmulator({ port: 0, transcriptShape: 'messages' });
  const hub = connectHub({
    url: emulator.url,
    apiKey: 'bench',
    reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
    probe: { afterMs: 50, timeoutMs: 5_000 },
  });
  try {
    const started = await Promise.all(
      Array.from({ length: conversations }, (_, i) =>
        firstValueFrom(hub.startConversation$({ userId: `u${i}` })),
      ),
    );
    emulator.swallow({ ms: 100 });
    const expected = conversations * each;
    let resent = 0;
    let lastAt = 0;
    let connectedAt = 0;
    emulator.events$.subscribe((e) => {
      if (e.type === 'frame-in' && e.text.includes('"user_message"') && ++resent === expected)
        lastAt = performance.now();
    });
    const all = started.flatMap((c, i) =>
      Array.from({ length: each }, (_, n) =>
        firstValueFrom(c.sendText(`c${i} m${n}`).pipe(filter((s) => s.state === 'confirmed'))),
      ),
    );
    const back = firstValueFrom(
      hub.status$.pipe(
        filter((s) => s.state === 'connected'),
        take(2),
        timeout(10_000),
      ),
    );
    hub.status$
      .pipe(filter((s) => s.state === 'connected' && s.generation === 2))
      .subscribe(() => (connectedAt = performance.now()));
    await back;
    await Promise.all(all);
    const requestsWithUnconfirmed = emulator.received.ofType('conversation_transcript_request').length;
    const resentCount = emulator.received.ofType('user_message').length;
    if (resentCount !== expected) throw new Error(`${resentCount} of ${expected} messages reached the hub`);
    emulator.dropConnections({ code: 1001 });
    await firstValueFrom(
      hub.status$.pipe(
        filter((s) => s.state === 'connected' && s.generation === 3),
        timeout(10_000),
      ),
    );
    await firstValueFrom(started[0]!.metadata$());
    const requestsWithNothing =
      emulator.received.ofType('conversation_transcript_request').length - requestsWithUnconfirmed;
    return { requestsWithUnconfirmed, requestsWithNothing, resentMs: lastAt - connectedAt };
  } finally {
    hub.close();
    await emulator.stop();
  }
}
