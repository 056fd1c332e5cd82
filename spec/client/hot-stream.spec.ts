import { config, take } from 'rxjs';
import { HotStream } from '../../lib/conversation/hot-stream.js';
import { record } from './support/fake-connection.js';

describe('HotStream', () => {
  it('keeps up to `limit` values for its first subscriber only, then drops what nobody hears', () => {
    const stream = new HotStream<number>(2);
    [1, 2, 3].forEach((n) => stream.next(n));
    const first = record(stream);
    const second = record(stream);
    stream.next(4);
    expect(first.values).toEqual([1, 2, 4]);
    expect(second.values).toEqual([4]);
    first.unsubscribe();
    second.unsubscribe();
    expect(stream.wanted).toBe(false);
    stream.next(5);
    expect(record(stream).values).toEqual([]);
  });

  it('gives a value to every subscriber present, even when one leaves meanwhile', () => {
    const stream = new HotStream<number>();
    const once = record(stream.pipe(take(1)));
    const all = record(stream);
    stream.next(1);
    stream.next(2);
    expect(once).toMatchObject({ values: [1], completed: true });
    expect(all.values).toEqual([1, 2]);
  });

  it('end() completes subscribers, late ones after the early values', () => {
    const stream = new HotStream<string>(5);
    stream.next('early');
    stream.end();
    expect(record(stream)).toMatchObject({ values: ['early'], completed: true });
    expect(record(stream)).toMatchObject({ values: [], completed: true });
  });

  describe('a subscriber given as a function or an observer is called directly', () => {
    afterEach(() => {
      config.onUnhandledError = null;
      jest.useRealTimers();
    });

    it('calls a lone function with no RxJS Subscriber in between (routing reads one object less per frame)', () => {
      const stream = new HotStream<number>();
      const stacks: string[] = [];
      const subscription = stream.subscribe(() => stacks.push(new Error('here').stack ?? ''));
      stream.next(1);
      expect(stacks).toHaveLength(1);
      expect(stacks[0]).toMatch(/HotStream\.next/);
      expect(stacks[0]).not.toMatch(/Subscriber|ConsumerObserver/);
      subscription.unsubscribe();
      stream.next(2);
      expect(stacks).toHaveLength(1);
      expect(stream.wanted).toBe(false);
    });

    it('reports an error thrown by a subscriber later, like RxJS, and keeps delivering to it and the others', () => {
      jest.useFakeTimers();
      const reported: unknown[] = [];
      config.onUnhandledError = (error) => reported.push(error);
      const stream = new HotStream<number>();
      const seen: number[] = [];
      stream.subscribe((value) => {
        seen.push(value);
        throw new Error(`bad ${value}`);
      });
      expect(() => stream.next(1)).not.toThrow();
      const other = record(stream);
      expect(() => stream.next(2)).not.toThrow();
      expect(seen).toEqual([1, 2]);
      expect(other.values).toEqual([2]);
      expect(reported).toEqual([]); // not synchronously
      jest.runAllTimers();
      expect(reported.map((e) => (e as Error).message)).toEqual(['bad 1', 'bad 2']);
    });

    it('a subscriber that leaves while a value is handed out does not get it', () => {
      const stream = new HotStream<number>();
      const seen: string[] = [];
      const leaving: { unsubscribe(): void }[] = [];
      stream.subscribe({ next: (value) => (seen.push(`a${value}`), leaving[0]?.unsubscribe()) });
      leaving.push(stream.subscribe((value) => seen.push(`b${value}`)));
      stream.next(1);
      expect(seen).toEqual(['a1']);
    });

    it('completes an observer on end(), late ones too, and leaves the deprecated (next, error, complete) form to RxJS', () => {
      const stream = new HotStream<number>(1);
      stream.next(7);
      const done: string[] = [];
      stream.subscribe({ next: (v) => done.push(`next ${v}`), complete: () => done.push('complete') });
      stream.subscribe(
        (v) => done.push(`legacy ${v}`),
        undefined,
        () => done.push('legacy complete'),
      );
      stream.next(8);
      stream.end();
      stream.subscribe({ complete: () => done.push('late complete') });
      expect(done).toEqual(['next 7', 'next 8', 'legacy 8', 'complete', 'legacy complete', 'late complete']);
    });
  });
});
