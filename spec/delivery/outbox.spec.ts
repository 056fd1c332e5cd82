import { NEVER, type Observable, Subject } from 'rxjs';
import type { Withdraw } from '../../lib/connection/hub-connection.js';
import { Outbox, type OutboxDeps } from '../../lib/delivery/outbox.js';
import type { MessageState, MessageStatus } from '../../lib/delivery/message-state.js';
import { PROBE_WRITTEN } from '../../lib/delivery/probe.js';
import { HubError, TimeoutError } from '../../lib/errors.js';
import type { TranscriptEntry } from '../../lib/protocol/inbound.js';
import type { UserMessageContent } from '../../lib/protocol/parts.js';

const text = (t: string): UserMessageContent => ({ type: 'text', text: t });
const userEntry = (t: string): TranscriptEntry => ({
  from: 'user',
  parts: [{ type: 'text', text: t }],
  actions: [],
  files: [],
});

/** A socket the test drives: `writable` says whether a frame is written at once. */
class Harness {
  generation = 1;
  writable = true;
  readonly frames: Array<{ id: string; text: string; generation: number }> = [];
  readonly transcripts: Array<Subject<readonly TranscriptEntry[]>> = [];
  readonly errors: HubError[] = [];
  readonly retries: Array<() => void> = [];
  seq = 0;
  unwritten: Array<() => void> = [];
  /** The next socket connects: the connection flushes its queue, then the status says so. */
  reconnect(outbox: Outbox, generation: number): void {
    this.generation = generation;
    this.writable = true;
    for (const flush of this.unwritten.splice(0)) flush();
    outbox.connected(generation);
  }
  readonly deps: OutboxDeps = {
    write: (clientMsgId, content, watcher): Withdraw => {
      let withdrawn = false;
      const writeNow = () => {
        const generation = this.generation;
        this.frames.push({ id: clientMsgId, text: (content as { text: string }).text, generation });
        watcher.written(generation);
      };
      // Like the connection: a frame not written now is written first thing on the next socket.
      if (this.writable) writeNow();
      else this.unwritten.push(() => !withdrawn && writeNow());
      return () => {
        if (this.writable || withdrawn) return false;
        withdrawn = true;
        return true;
      };
    },
    transcript$: () => {
      const answer = new Subject<readonly TranscriptEntry[]>();
      this.transcripts.push(answer);
      return answer;
    },
    nextSeq: () => ++this.seq,
    written: () => undefined,
    changed: () => undefined,
    report: (error) => this.errors.push(error),
    later: (retry) => this.retries.push(retry),
    probe$: () => NEVER,
    limit: 5,
  };
}

/** An outbox whose asks (probes) the test answers by hand, in the order they went out. */
function askingOutbox(h: Harness): { outbox: Outbox; asks: Subject<unknown>[] } {
  const asks: Subject<unknown>[] = [];
  const probe$ = (): Subject<unknown> => {
    const answer = new Subject<unknown>();
    asks.push(answer);
    return answer;
  };
  return { outbox: new Outbox({ ...h.deps, probe$ }), asks };
}

function track(status$: Observable<MessageStatus>): { states: MessageState[]; error?: HubError } {
  const seen: { states: MessageState[]; error?: HubError } = { states: [] };
  status$.subscribe({ next: (s) => seen.states.push(s.state), error: (e: HubError) => (seen.error = e) });
  return seen;
}

describe('Outbox: queued → written → confirmed, checked against the transcript after a socket ends', () => {
  it('writes at once while connected; an answer on the same socket confirms what was written before it', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    outbox.connected(1);
    const a = track(outbox.push('a', text('a')));
    const upTo = h.seq;
    const b = track(outbox.push('b', text('b')));
    outbox.confirmUpTo(1, upTo);
    expect(a.states).toEqual(['queued', 'written', 'confirmed']);
    expect(b.states).toEqual(['queued', 'written']);
    outbox.confirmUpTo(2, h.seq); // another socket's answer proves nothing about socket 1
    expect(b.states).toEqual(['queued', 'written']);
  });

  it('keeps messages queued while disconnected and writes them in order on connect', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    const a = track(outbox.push('a', text('a')));
    track(outbox.push('b', text('b')));
    expect(h.frames).toEqual([]);
    outbox.connected(1);
    expect(h.frames.map((f) => f.id)).toEqual(['a', 'b']);
    expect(a.states).toEqual(['queued', 'written']);
    expect(h.transcripts).toHaveLength(0); // nothing was written before: nothing to check
  });

  it('after a socket ends, re-sends exactly the missing ones, in order, before anything newer', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    outbox.startedHere();
    outbox.connected(1);
    const sent = ['a', 'b', 'a'].map((t, i) => track(outbox.push(`m${i}`, text(t))));
    outbox.disconnected();
    const newer = track(outbox.push('new', text('new')));
    h.generation = 2;
    outbox.connected(2);
    expect(h.transcripts).toHaveLength(1);
    expect(h.frames.map((f) => f.id)).toEqual(['m0', 'm1', 'm2']); // held until the check
    h.transcripts[0]!.next([userEntry('a')]); // the hub read m0 only
    expect(sent[0]!.states).toEqual(['queued', 'written', 'confirmed']);
    expect(h.frames.slice(3).map((f) => `${f.id}@${f.generation}`)).toEqual(['m1@2', 'm2@2', 'new@2']);
    expect(sent[2]!.states).toEqual(['queued', 'written', 'written']);
    expect(newer.states).toEqual(['queued', 'written']);
  });

  it('makes no transcript request when everything written was confirmed', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    outbox.connected(1);
    track(outbox.push('a', text('a')));
    outbox.confirmUpTo(1, h.seq);
    outbox.disconnected();
    h.generation = 2;
    outbox.connected(2);
    expect(h.transcripts).toHaveLength(0);
  });

  it('a frame the dying socket did not take stays queued and goes out only after the next check', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    outbox.startedHere();
    outbox.connected(1);
    track(outbox.push('m0', text('a')));
    h.writable = false; // the socket ended; the status has not said so yet
    const late = track(outbox.push('m1', text('b')));
    expect(late.states).toEqual(['queued']);
    h.reconnect(outbox, 2);
    expect(h.frames.map((f) => f.id)).toEqual(['m0']); // not written behind the check's back
    h.transcripts[0]!.next([userEntry('a')]);
    expect(h.frames.map((f) => `${f.id}@${f.generation}`)).toEqual(['m0@1', 'm1@2']);
  });

  it('past the limit the oldest unconfirmed message fails with UNCONFIRMED_LIMIT', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    const all = Array.from({ length: 6 }, (_, i) => track(outbox.push(`m${i}`, text(`t${i}`))));
    expect(all[0]!.error).toMatchObject({ code: 'UNCONFIRMED_LIMIT', limit: 5, clientMsgId: 'm0' });
    expect(all.slice(1).every((m) => m.error === undefined)).toBe(true);
    expect(outbox.size).toBe(5);
  });

  it('a fast sender on a healthy socket: half the limit unconfirmed asks the hub at once, so none fails with UNCONFIRMED_LIMIT', () => {
    const h = new Harness();
    const { outbox, asks } = askingOutbox(h);
    outbox.connected(1);
    const sent = Array.from({ length: 3 }, (_, i) => track(outbox.push(`m${i}`, text(`t${i}`))));
    expect(asks).toHaveLength(1); // 3 of 5 unconfirmed: one ask, not one per message
    const later = Array.from({ length: 2 }, (_, i) => track(outbox.push(`n${i}`, text(`u${i}`))));
    expect(asks).toHaveLength(1); // one at a time
    asks[0]!.next(0); // the answer confirms what was written before the ask: m0..m2
    expect(sent.map((m) => m.states.at(-1))).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(later.map((m) => m.states.at(-1))).toEqual(['written', 'written']);
    later.push(track(outbox.push('n2', text('u2'))));
    expect(asks).toHaveLength(2);
    asks[1]!.next(0);
    expect([...sent, ...later].every((m) => m.error === undefined)).toBe(true);
    expect(outbox.size).toBe(0);
  });

  it('an early ask confirms on its answer, never on its frame being written (PROBE_WRITTEN)', () => {
    const h = new Harness();
    const asks: Subject<unknown>[] = [];
    const outbox = new Outbox({
      ...h.deps,
      probe$: () => {
        const answer = new Subject<unknown>();
        asks.push(answer);
        return answer;
      },
    });
    outbox.connected(1);
    const sent = Array.from({ length: 3 }, (_, i) => track(outbox.push(`m${i}`, text(`t${i}`))));
    expect(asks).toHaveLength(1);
    asks[0]!.next(PROBE_WRITTEN); // written, not answered: the socket may be half-open
    expect(sent.map((m) => m.states.at(-1))).toEqual(['written', 'written', 'written']);
    expect(outbox.size).toBe(3);
    track(outbox.push('m3', text('t3')));
    expect(asks).toHaveLength(1); // still the one ask in flight
    asks[0]!.next(0); // the answer
    expect(sent.map((m) => m.states.at(-1))).toEqual(['confirmed', 'confirmed', 'confirmed']);
  });

  it('an early ask answered on a later socket confirms nothing; a hub error rejects what it followed', () => {
    const h = new Harness();
    const { outbox, asks } = askingOutbox(h);
    outbox.connected(1);
    const first = Array.from({ length: 3 }, (_, i) => track(outbox.push(`m${i}`, text(`t${i}`))));
    h.generation = 2;
    outbox.disconnected();
    asks[0]!.next(0); // proves nothing about socket 1
    expect(first.map((m) => m.states.at(-1))).toEqual(['written', 'written', 'written']);
    outbox.connected(2);
    h.transcripts[0]!.next([]); // the hub has none of them: re-sent on socket 2, which asks again
    expect(asks).toHaveLength(2);
    asks[1]!.error(new HubError('HUB_ERROR', 'conversation not found'));
    expect(first.map((m) => m.error?.code)).toEqual(['HUB_ERROR', 'HUB_ERROR', 'HUB_ERROR']);
    expect(h.errors.map((e) => e.code)).toEqual(['HUB_ERROR']);
  });

  it('a late subscriber gets every state so far: queued, each write, then the end', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    outbox.startedHere();
    outbox.connected(1);
    const status$ = outbox.push('m0', text('a'));
    outbox.disconnected();
    h.generation = 2;
    outbox.connected(2);
    h.transcripts[0]!.next([]); // missing: written again on socket 2
    const midway = track(status$);
    outbox.confirmUpTo(2, h.seq);
    const late = track(status$);
    for (const seen of [midway, late])
      expect(seen.states).toEqual(['queued', 'written', 'written', 'confirmed']);
    const generations: unknown[] = [];
    status$.subscribe((s) => generations.push(s.generation ?? s.confirmedBy));
    expect(generations).toEqual([undefined, 1, 2, 'answer']);
  });

  it('a failed check is reported and tried again later; nothing is re-sent meanwhile', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    outbox.startedHere();
    outbox.connected(1);
    track(outbox.push('m0', text('a')));
    h.generation = 2;
    outbox.connected(2);
    h.transcripts[0]!.error(new TimeoutError('REQUEST_TIMEOUT', 'conversation_transcript', 1));
    expect(h.errors.map((e) => e.code)).toEqual(['REQUEST_TIMEOUT']);
    expect(h.frames).toHaveLength(1);
    h.retries[0]!();
    h.transcripts[1]!.next([]);
    expect(h.frames.map((f) => `${f.id}@${f.generation}`)).toEqual(['m0@1', 'm0@2']);
  });

  it('restores stored messages: written ones are checked before any write', () => {
    const h = new Harness();
    const outbox = new Outbox(h.deps);
    const [kept, typed] = outbox.restore({
      count: 1,
      tail: [],
      messages: [
        { clientMsgId: 'k', content: text('kept'), written: true },
        { clientMsgId: 't', content: text('typed'), written: false },
      ],
    });
    const k = track(kept!);
    track(typed!);
    outbox.connected(7);
    expect(h.frames).toEqual([]);
    h.transcripts[0]!.next([userEntry('earlier'), userEntry('kept')]);
    expect(k.states).toEqual(['queued', 'confirmed']);
    expect(h.frames.map((f) => f.id)).toEqual(['t']);
  });

  it('close: never written fails, written completes; a write error fails that message alone', () => {
    const h = new Harness();
    const outbox = new Outbox({
      ...h.deps,
      write: (id, content, watcher) => {
        if (id !== 'bad') return h.deps.write(id, content, watcher);
        watcher.fail(new TimeoutError('REQUEST_TIMEOUT', 'x', 1));
        return () => false;
      },
    });
    outbox.connected(1);
    const bad = track(outbox.push('bad', text('x')));
    const good = track(outbox.push('good', text('y')));
    expect(bad.error?.code).toBe('REQUEST_TIMEOUT');
    h.writable = false;
    const never = track(outbox.push('never', text('z')));
    outbox.close(new TimeoutError('REQUEST_TIMEOUT', 'closed', 1));
    expect(good.error).toBeUndefined(); // written: completes in `written`
    expect(good.states).toEqual(['queued', 'written']);
    expect(never.error?.code).toBe('REQUEST_TIMEOUT'); // never written: fails
  });
});
