/**
 * Micro-benchmark behind the multicast choice (docs/performance.md): one message to one of 10 000
 * streams, round-robin (each lands on a cold stream, as routing does), through the conversation's
 * `HotStream` against a `Subject` multicast with RxJS `share()`. In-process, no socket.
 *   node --import tsx bench/multicast-micro.ts
 */
import { type Observable, Subject, share } from 'rxjs';
import { HotStream } from '../lib/conversation/hot-stream.js';

const STREAMS = 10_000;
const MESSAGES = 2_000_000;
let hits = 0;
const hit = (): void => void hits++;

interface Stream {
  next(value: number): void;
  readonly out: Observable<number>;
}

function nsPerMessage(make: () => Stream): number {
  const streams = Array.from({ length: STREAMS }, make);
  const subscriptions = streams.map((stream) => stream.out.subscribe(hit));
  for (let i = 0; i < 200_000; i++) streams[i % STREAMS]!.next(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i++) streams[(i * 7919) % STREAMS]!.next(i);
  const ns = Number(process.hrtime.bigint() - started) / MESSAGES;
  subscriptions.forEach((subscription) => subscription.unsubscribe());
  return ns;
}

const hot = (): Stream => {
  const stream = new HotStream<number>(100);
  return { next: (value) => stream.next(value), out: stream };
};
const subject = (): Stream => {
  const plain = new Subject<number>();
  return { next: (value) => plain.next(value), out: plain };
};
const shared = (): Stream => {
  const subject = new Subject<number>();
  return { next: (value) => subject.next(value), out: subject.pipe(share()) };
};

const samples = { hot: [] as number[], subject: [] as number[], share: [] as number[] };
for (let run = 0; run < 5; run++) {
  samples.hot.push(nsPerMessage(hot));
  samples.subject.push(nsPerMessage(subject));
  samples.share.push(nsPerMessage(shared));
}
const median = (values: number[]): string => [...values].sort((a, b) => a - b)[2]!.toFixed(1);
console.log(
  `ns per message, ${STREAMS} streams round-robin, one subscriber each: ` +
    `HotStream ${median(samples.hot)}, Subject ${median(samples.subject)}, ` +
    `Subject + share() ${median(samples.share)} (${hits} delivered)`,
);
