/**
 * Child process: round-trip latency of `user_message` → bot echo, for several clients held open
 * side by side in this one process and interleaved message by message (the order rotates), so
 * loopback and scheduler noise hits every client alike. argv: url, round trips, warm-up, runs.
 */
import WebSocket from 'ws';
import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import { firstValueFrom, filter } from 'rxjs';
import { BENCH_CONVERSATION, userMessageFrame } from '../harness/frames.js';
import { errorText, toParent } from '../harness/ipc.js';
import { percentile } from '../harness/stats.js';
import { loadLibrary, whenConnected } from '../harness/library.js';

interface WireFrame {
  readonly event?: { readonly event_type?: string; readonly event_payload?: { conversation_id?: string } };
}

/** Sends one message; `onReply` must be called (with the arrival time) when its echo arrives. */
interface EchoClient {
  readonly name: 'raw' | 'rxjs' | 'library';
  send(text: string): void;
  close(): void;
}

type Arrival = (at: number) => void;

const REPLY_TIMEOUT_MS = 5_000;

function isMyReply(frame: WireFrame): boolean {
  return (
    frame.event?.event_type === 'bot_message' &&
    frame.event.event_payload?.conversation_id === BENCH_CONVERSATION
  );
}

async function rawClient(url: string, arrived: () => Arrival): Promise<EchoClient> {
  const socket = new WebSocket(url);
  socket.on('message', (data) => {
    if (isMyReply(JSON.parse(String(data)) as WireFrame)) arrived()(performance.now());
  });
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });
  return {
    name: 'raw',
    send: (text) => socket.send(JSON.stringify(userMessageFrame(BENCH_CONVERSATION, text))),
    close: () => socket.close(1000),
  };
}

async function rxjsClient(url: string, arrived: () => Arrival): Promise<EchoClient> {
  const subject = webSocket<WireFrame>({
    url,
    WebSocketCtor: WebSocket as unknown as WebSocketSubjectConfig<WireFrame>['WebSocketCtor'],
  });
  const subscription = subject.pipe(filter(isMyReply)).subscribe(() => arrived()(performance.now()));
  await firstValueFrom(subject);
  return {
    name: 'rxjs',
    send: (text) => subject.next(userMessageFrame(BENCH_CONVERSATION, text) as WireFrame),
    close: () => {
      subscription.unsubscribe();
      subject.complete();
    },
  };
}

async function libraryClient(url: string, arrived: () => Arrival): Promise<EchoClient> {
  const hub = loadLibrary().connectHub({ url, apiKey: 'bench-key' });
  const conversation = hub.conversation(BENCH_CONVERSATION);
  const subscription = conversation.messages$.subscribe(() => arrived()(performance.now()));
  await whenConnected(hub);
  return {
    name: 'library',
    // sendText is hot: it sends whether or not its receipt is subscribed.
    send: (text) => void conversation.sendText(text),
    close: () => {
      subscription.unsubscribe();
      hub.close();
    },
  };
}

async function main(): Promise<void> {
  const [url, roundTripsArg, warmupArg, runsArg, kindsArg] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const roundTrips = Number(roundTripsArg);
  const warmup = Number(warmupArg);
  const runs = Number(runsArg);
  let pending: Arrival | undefined;
  const arrived = (): Arrival => pending ?? (() => undefined);
  const factories = { raw: rawClient, rxjs: rxjsClient, library: libraryClient };
  const clients: EchoClient[] = [];
  for (const kind of kindsArg.split(',') as Array<keyof typeof factories>) {
    clients.push(await factories[kind](url, arrived));
  }

  const roundTrip = (client: EchoClient, text: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${client.name}: no echo in ${REPLY_TIMEOUT_MS} ms`)),
        REPLY_TIMEOUT_MS,
      );
      const sentAt = performance.now();
      pending = (at) => {
        pending = undefined;
        clearTimeout(timer);
        resolve(at - sentAt);
      };
      client.send(text);
    });

  const results: Array<Record<string, { p50: number; p99: number }>> = [];
  for (let run = 0; run < runs; run++) {
    const samples = new Map<string, number[]>(clients.map((client) => [client.name, []]));
    for (let i = 0; i < warmup + roundTrips; i++) {
      for (let k = 0; k < clients.length; k++) {
        const client = clients[(i + k) % clients.length] as EchoClient;
        const microseconds = (await roundTrip(client, `ping ${i}`)) * 1_000;
        if (i >= warmup) samples.get(client.name)?.push(microseconds);
      }
    }
    const summary: Record<string, { p50: number; p99: number }> = {};
    for (const [name, values] of samples) {
      values.sort((a, b) => a - b);
      summary[name] = { p50: percentile(values, 50), p99: percentile(values, 99) };
    }
    results.push(summary);
  }
  for (const client of clients) client.close();
  toParent({ type: 'latency', runs: results });
}

main()
  .catch((error: unknown) => toParent({ type: 'error', message: errorText(error) }))
  .finally(() => setTimeout(() => process.exit(0), 50));
