/**
 * Capacity of the hub emulator (its scale target: 2 000 connections, 20 000 msg/s): how many concurrent sockets it holds and how many
 * echo round trips (`user_message` → `bot_message`) per second it serves on loopback.
 *
 * The emulator runs in this process; the load clients run in a forked child so each gets a core.
 * Every loop is bounded by a message count and by `timeoutMs`.
 *
 * Standalone: `node --import tsx bench/emulator-capacity.ts`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { startHubEmulator } from '../lib/emulator/index.js';

export interface EmulatorCapacityOptions {
  /** Concurrent sockets to open and keep. @default 2000 */
  readonly connections?: number;
  /** Echo round trips per socket. @default 25 */
  readonly messagesPerConnection?: number;
  /** Messages each socket keeps in flight (1 = a chat: send, await the reply, send again). @default 1 */
  readonly inFlightPerConnection?: number;
  /** Upper bound for the whole measurement. @default 120000 */
  readonly timeoutMs?: number;
}

export interface EmulatorCapacityResult {
  readonly connections: number;
  /** Sockets the emulator held at once (should equal `connections`). */
  readonly peakConnections: number;
  /** Time to open every socket and start one conversation on each. */
  readonly connectMs: number;
  readonly messages: number;
  readonly echoMs: number;
  readonly messagesPerSecond: number;
  /** CPU the emulator's process used during the echo phase (100 = one core saturated). */
  readonly emulatorCpuPercent: number;
  /**
   * CPU the load clients' process used during the echo phase: when neither this nor the emulator's is
   * near 100, the machine (other processes) is the limit, not the emulator.
   */
  readonly clientsCpuPercent: number;
  /**
   * Echoes per second of emulator CPU: the rate one dedicated core would sustain. Steadier than
   * `messagesPerSecond` on a shared machine, where the load clients compete for the same cores.
   */
  readonly messagesPerEmulatorCpuSecond: number;
  /** Resident memory of the emulator's process after the run. */
  readonly rssMb: number;
}

interface ClientPlan {
  readonly url: string;
  readonly connections: number;
  readonly messagesPerConnection: number;
  readonly inFlight: number;
}

type ChildReport =
  | { readonly kind: 'connected'; readonly ms: number }
  | { readonly kind: 'echoed'; readonly ms: number; readonly messages: number; readonly cpuMs: number }
  | { readonly kind: 'failed'; readonly error: string };

const ROLE_ENV = 'EMULATOR_CAPACITY_ROLE';
const OPEN_BATCH = 250;

/** Measures the emulator; resolves with the figures or rejects after `timeoutMs`. */
export async function measureEmulatorCapacity(
  options: EmulatorCapacityOptions = {},
): Promise<EmulatorCapacityResult> {
  const plan = {
    connections: options.connections ?? 2000,
    messagesPerConnection: options.messagesPerConnection ?? 25,
    inFlight: options.inFlightPerConnection ?? 1,
  };
  const hub = await startHubEmulator({ ledgerCapacity: 10_000 });
  const child = fork(__filename, [], { env: { ...process.env, [ROLE_ENV]: 'clients' }, stdio: 'inherit' });
  let peakConnections = 0;
  const watch = setInterval(
    () => (peakConnections = Math.max(peakConnections, hub.connections().length)),
    50,
  );
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  try {
    const reports = collect(child);
    child.send({ url: hub.url, ...plan } satisfies ClientPlan);
    const connected = await reports.next('connected');
    peakConnections = Math.max(peakConnections, hub.connections().length);
    const cpuBefore = process.cpuUsage();
    child.send('go');
    const echoed = await reports.next('echoed');
    const cpu = process.cpuUsage(cpuBefore);
    return {
      connections: plan.connections,
      peakConnections,
      connectMs: Math.round(connected.ms),
      messages: echoed.messages,
      echoMs: Math.round(echoed.ms),
      messagesPerSecond: Math.round((echoed.messages / echoed.ms) * 1000),
      emulatorCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / echoed.ms) * 100),
      clientsCpuPercent: Math.round((echoed.cpuMs / echoed.ms) * 100),
      messagesPerEmulatorCpuSecond: Math.round(echoed.messages / ((cpu.user + cpu.system) / 1e6)),
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    clearInterval(watch);
    clearTimeout(timeout);
    child.kill();
    await hub.stop();
  }
}

function collect(child: ChildProcess) {
  const seen: ChildReport[] = [];
  let wake: (() => void) | undefined;
  let exited = false;
  child.on('message', (report: ChildReport) => {
    seen.push(report);
    wake?.();
  });
  child.on('exit', () => {
    exited = true;
    wake?.();
  });
  return {
    async next<K extends 'connected' | 'echoed'>(kind: K): Promise<Extract<ChildReport, { kind: K }>> {
      for (;;) {
        const failed = seen.find((r) => r.kind === 'failed');
        if (failed?.kind === 'failed') throw new Error(`load clients failed: ${failed.error}`);
        const found = seen.find((r) => r.kind === kind);
        if (found) return found as Extract<ChildReport, { kind: K }>;
        if (exited) throw new Error('load clients exited (or timed out) early');
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/** The child: opens the sockets, starts a conversation on each, then echoes on command. */
async function runClients(plan: ClientPlan): Promise<void> {
  const report = (r: ChildReport) => process.send?.(r);
  const started = performance.now();
  const sockets: { ws: WebSocket; conversationId: string }[] = [];
  for (let i = 0; i < plan.connections; i += OPEN_BATCH) {
    const batch = Math.min(OPEN_BATCH, plan.connections - i);
    sockets.push(...(await Promise.all(Array.from({ length: batch }, () => openWithConversation(plan.url)))));
  }
  report({ kind: 'connected', ms: performance.now() - started });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const echoStart = performance.now();
  const cpuBefore = process.cpuUsage();
  let done = 0;
  await Promise.all(
    sockets.map(({ ws, conversationId }) =>
      new Promise<void>((resolve) => {
        let sent = 0;
        let received = 0;
        const frame = () =>
          `{"action":"sendMessage","event":{"event_type":"user_message","event_payload":{"type":"message_create",` +
          `"client_msg_id":"m${sent}","conversation_id":"${conversationId}","content":{"type":"text","text":"ping ${sent}"}}}}`;
        const sendOne = () => {
          sent += 1;
          ws.send(frame());
        };
        ws.on('message', (data: Buffer) => {
          if (!data.includes('You said')) return;
          received += 1;
          if (sent < plan.messagesPerConnection) sendOne();
          if (received === plan.messagesPerConnection) resolve();
        });
        for (let k = 0; k < Math.min(plan.inFlight, plan.messagesPerConnection); k += 1) sendOne();
      }).then(() => (done += plan.messagesPerConnection)),
    ),
  );
  const cpu = process.cpuUsage(cpuBefore);
  report({
    kind: 'echoed',
    ms: performance.now() - echoStart,
    messages: done,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
  sockets.forEach(({ ws }) => ws.terminate());
}

function openWithConversation(url: string): Promise<{ ws: WebSocket; conversationId: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('error', reject);
    ws.on('open', () =>
      ws.send('{"action":"sendMessage","event":{"event_type":"conversation_start","event_payload":{}}}'),
    );
    const onMessage = (data: Buffer) => {
      type Event = { event_type: string; event_payload: { conversation_id: string } };
      // Either envelope: the emulator's default is the production hub's `{action, event}`.
      const frame = JSON.parse(data.toString()) as Event | { event: Event };
      const event = 'event' in frame ? frame.event : frame;
      if (event.event_type !== 'conversation_start_success') return;
      ws.off('message', onMessage);
      resolve({ ws, conversationId: event.event_payload.conversation_id });
    };
    ws.on('message', onMessage);
  });
}

if (process.env[ROLE_ENV] === 'clients') {
  process.once('message', (plan: ClientPlan) => {
    runClients(plan)
      .catch((error: unknown) =>
        process.send?.({ kind: 'failed', error: String(error) } satisfies ChildReport),
      )
      .finally(() => process.disconnect?.());
  });
} else if (require.main === module) {
  measureEmulatorCapacity().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
