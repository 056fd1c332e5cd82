import { lastValueFrom } from 'rxjs';
import { OutboundQueue } from '../../lib/connection/outbound-queue.js';
import { ConnectionError, QueueFullError } from '../../lib/errors.js';

describe('OutboundQueue', () => {
  it('writes in order, only while writable, and replays each receipt', async () => {
    const queue = new OutboundQueue(10);
    const receipts = ['a', 'b', 'c'].map((f) => queue.push(f));
    const written: string[] = [];
    queue.drain(
      () => written.length < 2,
      (frame) => (written.push(frame), { generation: 7 }),
    );
    expect(written).toEqual(['a', 'b']);
    expect(queue.size).toBe(1);
    await expect(lastValueFrom(receipts[0]!)).resolves.toEqual({ generation: 7 });
  });

  it('refuses past its limit with QueueFullError, keeping what it has', () => {
    const queue = new OutboundQueue(1);
    queue.push('a');
    expect(() => queue.push('b')).toThrow(QueueFullError);
    expect(queue.size).toBe(1);
  });

  it('keeps order when a receipt subscriber sends during a drain', () => {
    const queue = new OutboundQueue(10);
    const written: string[] = [];
    const write = (frame: string) => (written.push(frame), { generation: 1 });
    queue.push('a').subscribe(() => {
      queue.push('c');
      queue.drain(() => true, write);
    });
    queue.push('b');
    queue.drain(() => true, write);
    expect(written).toEqual(['a', 'b', 'c']);
  });

  it('fails every queued frame on failAll', async () => {
    const queue = new OutboundQueue(10);
    const receipt = lastValueFrom(queue.push('a'));
    queue.failAll(new ConnectionError('CONNECTION_CLOSED', 'closed'));
    await expect(receipt).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(queue.size).toBe(0);
  });
});
