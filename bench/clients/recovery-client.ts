/**
 * Child process: recovery after an emulator restart (argv: runs, downMs, kinds). The emulator
 * runs in this process (timings here are milliseconds, not microseconds). Per run a fresh client
 * starts a conversation, exchanges one message, then the emulator restarts (sockets terminated,
 * listener down `downMs`); as soon as the client sees the loss it sends on the retained
 * conversation, and we time restart → first reply.
 */
import WebSocket from 'ws';
import { firstValueFrom, filter, take, timeout } from 'rxjs';
import { errorText, toParent } from '../harness/ipc.js';
import { loadEmulator, loadLibrary, type BenchEmulator } from '../harness/library.js';

const STEP_TIMEOUT_MS = 15_000;
const RAW_RETRY_MS = 10;

export interface RecoveryRun {
  /** Restart call → first reply on the retained conversation. */
  readonly recoveryMs: number;
  /** Library only: the backoff waits it scheduled in that time. */
  readonly backoffMs: number;
}

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), STEP_TIMEOUT_MS);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

async function libraryRun(emulator: BenchEmulator, downMs: number, run: number): Promise<RecoveryRun> {
  const hub = loadLibrary().connectHub({ url: emulator.url, apiKey: 'bench-key' });
  try {
    const conversation = await firstValueFrom(
      hub.startConversation$({ userId: `bench-lib-${run}` }).pipe(timeout(STEP_TIMEOUT_MS)),
    );
    const replyTo = (token: string): Promise<number> =>
      firstValueFrom(
        conversation.messages$.pipe(
          filter((message) => JSON.stringify(message).includes(token)),
          take(1),
          timeout(STEP_TIMEOUT_MS),
        ),
      ).then(() => performance.now());
    const first = replyTo(`before-${run}`);
    void conversation.sendText(`before-${run}`);
    await first;

    let backoffMs = 0;
    const lost = firstValueFrom(
      hub.status$.pipe(
        filter((s) => s.state === 'reconnecting'),
        timeout(STEP_TIMEOUT_MS),
      ),
    );
    const counting = hub.status$.subscribe((status) => {
      if (status.state === 'reconnecting') backoffMs += status.delayMs ?? 0;
    });
    const startedAt = performance.now();
    const restarted = emulator.restart({ downMs });
    await lost;
    const reply = replyTo(`after-${run}`);
    void conversation.sendText(`after-${run}`);
    const repliedAt = await reply;
    counting.unsubscribe();
    await restarted;
    return { recoveryMs: repliedAt - startedAt, backoffMs };
  } finally {
    hub.close();
  }
}

/** The floor: `ws` reconnecting every 10 ms with no backoff, resending on `socket_connected`. */
async function rawRun(emulator: BenchEmulator, downMs: number, run: number): Promise<RecoveryRun> {
  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(emulator.url);
      socket.once('message', () => resolve(socket));
      socket.once('error', reject);
    });
  const frameOf = (type: string, payload: object): string =>
    JSON.stringify({ action: 'sendMessage', event: { event_type: type, event_payload: payload } });
  const reply = (socket: WebSocket, token: string): Promise<string> =>
    new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData): void => {
        const text = String(data);
        if (!text.includes(token)) return;
        socket.off('message', onMessage);
        resolve(text);
      };
      socket.on('message', onMessage);
    });
  const userMessage = (conversationId: string, text: string): string =>
    frameOf('user_message', {
      type: 'message_create',
      client_msg_id: `raw-${text}`,
      conversation_id: conversationId,
      content: { type: 'text', text },
    });

  let socket = await bounded(connect(), 'raw connect');
  const started = reply(socket, 'conversation_start_success');
  socket.send(frameOf('conversation_start', { userId: `bench-raw-${run}` }));
  const success = JSON.parse(await bounded(started, 'raw conversation_start_success')) as {
    event_payload?: { conversation_id?: string };
    event?: { event_payload?: { conversation_id?: string } };
  };
  const conversationId = String((success.event_payload ?? success.event?.event_payload)?.conversation_id);
  const first = reply(socket, `before-${run}`);
  socket.send(userMessage(conversationId, `before-${run}`));
  await bounded(first, 'raw first reply');

  const closed = new Promise((resolve) => socket.once('close', resolve));
  const startedAt = performance.now();
  const restarted = emulator.restart({ downMs });
  await bounded(closed, 'raw loss');
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    try {
      socket = await connect();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, RAW_RETRY_MS));
    }
  }
  const after = reply(socket, `after-${run}`);
  socket.send(userMessage(conversationId, `after-${run}`));
  await bounded(after, 'raw reply after restart');
  const recoveryMs = performance.now() - startedAt;
  await restarted;
  socket.close(1000);
  return { recoveryMs, backoffMs: 0 };
}

async function main(): Promise<void> {
  const [runsArg, downMsArg, kindsArg] = process.argv.slice(2) as [string, string, string];
  const kinds = kindsArg.split(',') as Array<'raw' | 'library'>;
  const emulator = await loadEmulator().startHubEmulator({ port: 0 });
  const results: Record<string, RecoveryRun[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
  try {
    for (let run = 0; run < Number(runsArg); run++) {
      for (const kind of kinds) {
        const runOne = kind === 'raw' ? rawRun : libraryRun;
        results[kind]?.push(await runOne(emulator, Number(downMsArg), run));
      }
    }
  } finally {
    await emulator.stop();
  }
  toParent({ type: 'recovery', results });
}

main()
  .catch((error: unknown) => toParent({ type: 'error', message: errorText(error) }))
  .finally(() => setTimeout(() => process.exit(0), 50));
