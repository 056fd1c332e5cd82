import { take } from 'rxjs';
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
});
