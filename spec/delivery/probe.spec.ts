import { type Observable, EMPTY, NEVER, Subject, map, merge, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Confirmations, PROBE_WRITTEN, type ProbeTarget } from '../../lib/delivery/probe.js';
import { type HubError, HubResponseError, TimeoutError } from '../../lib/errors.js';

/** One conversation with written messages numbered by the shared order. */
class Target implements ProbeTarget {
  readonly written: Array<{ generation: number; seq: number }> = [];
  probes = 0;
  readonly sockets: Array<number | undefined> = [];
  connected(generation: number): void {
    this.sockets.push(generation);
  }
  disconnected(): void {
    this.sockets.push(undefined);
  }
  answer: () => Observable<unknown> = () => NEVER;
  /** When the probe's frame is written (at once by default; the request layer tells it). */
  writeProbe: () => Observable<unknown> = () => of(PROBE_WRITTEN);
  unconfirmedOn(generation: number): boolean {
    return this.written.some((m) => m.generation === generation);
  }
  confirmUpTo(generation: number, seq: number): void {
    this.written.splice(
      0,
      this.written.length,
      ...this.written.filter((m) => m.generation !== generation || m.seq > seq),
    );
  }
  readonly rejected: Array<{ seq: number; code: string }> = [];
  rejectUpTo(generation: number, seq: number, error: HubError): void {
    for (const m of this.written.filter((w) => w.generation === generation && w.seq <= seq)) {
      this.rejected.push({ seq: m.seq, code: error.code });
    }
    this.confirmUpTo(generation, seq);
  }
  probe$(): Observable<unknown> {
    this.probes += 1;
    return merge(this.writeProbe(), this.answer());
  }
}

describe('Confirmations: the probe that confirms messages and finds half-open sockets (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });
  const setup = () => {
    const recycled: number[] = [];
    const confirmations = new Confirmations(
      (g) => recycled.push(g),
      { afterMs: 100, timeoutMs: 50 },
      scheduler,
    );
    const target = new Target();
    confirmations.add(target);
    const write = (generation: number) => {
      target.written.push({ generation, seq: confirmations.nextSeq() });
      confirmations.written();
    };
    return { confirmations, target, recycled, write };
  };

  it('probes afterMs after a write; the answer confirms what was written before the probe', () => {
    scheduler.run(({ flush }) => {
      const { confirmations, target, recycled, write } = setup();
      const answer = new Subject<unknown>();
      target.answer = () => answer;
      confirmations.connected(1);
      write(1);
      scheduler.schedule(() => write(1), 50);
      scheduler.schedule(() => expect(target.probes).toBe(0), 99);
      scheduler.schedule(() => expect(target.probes).toBe(1), 100);
      scheduler.schedule(() => write(1), 110); // after the probe: not covered by its answer
      scheduler.schedule(() => answer.next('metadata'), 120);
      scheduler.schedule(() => expect(target.written.map((m) => m.seq)).toEqual([3]), 121);
      flush();
      // Re-armed for seq 3: the next probe went out at 220 and, unanswered, recycled the socket at 270.
      expect(target.probes).toBe(2);
      expect(recycled).toEqual([1]);
    });
  });

  it('re-arms while messages written after the probe wait, then stops', () => {
    scheduler.run(({ flush }) => {
      const { confirmations, target, write } = setup();
      target.answer = () => scheduler.createColdObservable('10ms a');
      confirmations.connected(1);
      write(1);
      scheduler.schedule(() => write(1), 105);
      flush();
      expect(target.probes).toBe(2);
      expect(target.written).toEqual([]);
    });
  });

  it('no answer within timeoutMs: the socket is recycled', () => {
    scheduler.run(({ flush }) => {
      const { confirmations, target, recycled, write } = setup();
      confirmations.connected(4);
      write(4);
      scheduler.schedule(() => expect(recycled).toEqual([]), 149);
      flush();
      expect(recycled).toEqual([4]);
      expect(target.written).toHaveLength(1); // unconfirmed: the next socket checks the transcript
    });
  });

  it('nothing unconfirmed: no timer fires a probe', () => {
    scheduler.run(({ flush }) => {
      const { confirmations, target, write } = setup();
      confirmations.connected(1);
      write(1);
      scheduler.schedule(() => target.confirmUpTo(1, 99), 10);
      flush();
      expect(target.probes).toBe(0);
    });
  });

  it('an answer after the socket changed confirms nothing and recycles nothing', () => {
    scheduler.run(({ flush }) => {
      const { confirmations, target, recycled, write } = setup();
      target.answer = () => scheduler.createColdObservable('30ms a');
      confirmations.connected(1);
      write(1);
      scheduler.schedule(() => confirmations.connected(2), 110);
      flush();
      expect(target.written).toHaveLength(1);
      expect(recycled).toEqual([]);
    });
  });

  it('a general_error answering the probe rejects the probed conversation’s messages and confirms the others’', () => {
    scheduler.run(({ flush }) => {
      const { confirmations, target, recycled, write } = setup();
      const other = new Target();
      confirmations.add(other);
      target.answer = () => throwError(() => new HubResponseError(400, 'Invalid conversation_id'));
      confirmations.connected(1);
      write(1);
      other.written.push({ generation: 1, seq: confirmations.nextSeq() });
      flush();
      // Rejected, not confirmed: the error names the probed conversation.
      expect(target.rejected).toEqual([{ seq: 1, code: 'HUB_ERROR' }]);
      // The hub read the probe, so everything written before it on the socket.
      expect(other.written).toEqual([]);
      expect(other.rejected).toEqual([]);
      expect(recycled).toEqual([]);
    });
  });

  it('tells every conversation of each socket, after it knows of it itself', () => {
    const { confirmations, target } = setup();
    confirmations.connected(1);
    confirmations.disconnected();
    confirmations.connected(2);
    expect(target.sockets).toEqual([1, undefined, 2]);
    expect(confirmations.current).toBe(2);
  });

  it('while disconnected nothing is armed', () => {
    scheduler.run(({ flush }) => {
      const { target, write } = setup();
      write(1);
      flush();
      expect(target.probes).toBe(0);
    });
  });

  describe('its timeout counts from when its frame was written', () => {
    /** Written only after `ms` of waiting (its lane busy with another request of the conversation). */
    const writtenAfter = (ms: number) => () =>
      scheduler.createColdObservable(`${ms}ms w`).pipe(map(() => PROBE_WRITTEN));

    it('a probe that waited for its lane gets its whole timeoutMs once written', () => {
      scheduler.run(({ flush }) => {
        const { confirmations, target, recycled, write } = setup();
        target.writeProbe = writtenAfter(200); // fired at 100, written at 300
        confirmations.connected(1);
        write(1);
        scheduler.schedule(() => expect(recycled).toEqual([]), 349);
        scheduler.schedule(() => expect(recycled).toEqual([1]), 351);
        flush();
        expect(target.probes).toBe(1);
      });
    });

    it('a probe answered after waiting for its lane confirms and recycles nothing', () => {
      scheduler.run(({ flush }) => {
        const { confirmations, target, recycled, write } = setup();
        target.writeProbe = writtenAfter(200);
        target.answer = () => scheduler.createColdObservable('230ms a');
        confirmations.connected(1);
        write(1);
        flush();
        expect(target.written).toEqual([]);
        expect(recycled).toEqual([]);
      });
    });

    it('a probe that could never be written is no half-open socket: no recycle, tried again later', () => {
      scheduler.run(({ flush }) => {
        const { confirmations, target, recycled, write } = setup();
        const timedOut = new TimeoutError('REQUEST_TIMEOUT', 'conversation_metadata', 300);
        let attempts = 0;
        target.writeProbe = () => (++attempts === 1 ? EMPTY : of(PROBE_WRITTEN));
        target.answer = () =>
          attempts === 1 ? scheduler.createColdObservable('300ms #', undefined, timedOut) : of('a');
        confirmations.connected(1);
        write(1);
        flush();
        // Fired at 100, failed unwritten at 400, fired again at 500 and answered.
        expect(recycled).toEqual([]);
        expect(target.probes).toBe(2);
        expect(target.written).toEqual([]);
      });
    });

    it('no second probe while one waits to be written or answered, however many writes', () => {
      scheduler.run(({ flush }) => {
        const { confirmations, target, recycled, write } = setup();
        target.writeProbe = writtenAfter(500);
        target.answer = () => scheduler.createColdObservable('520ms a');
        confirmations.connected(1);
        write(1);
        for (let t = 50; t < 600; t += 50) scheduler.schedule(() => write(1), t);
        scheduler.schedule(() => expect(target.probes).toBe(1), 619);
        flush();
        expect(recycled).toEqual([]);
      });
    });
  });
});
