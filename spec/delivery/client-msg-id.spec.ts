import { webcrypto } from 'node:crypto';
import { newClientMsgId } from '../../lib/delivery/client-msg-id.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientMsgId', () => {
  it('uses crypto.randomUUID where it exists', () => {
    expect(newClientMsgId({ randomUUID: () => 'from-random-uuid' })).toBe('from-random-uuid');
  });

  it('falls back to getRandomValues where randomUUID is missing (a non-secure context)', () => {
    const getRandomValues = jest.fn(<T extends Uint8Array>(a: T) => webcrypto.getRandomValues(a));
    const random = jest.fn(() => 0.5);
    const ids = new Set(Array.from({ length: 200 }, () => newClientMsgId({ getRandomValues }, random)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(V4);
    expect(random).not.toHaveBeenCalled();
  });

  it('falls back to Math.random only when there is no crypto at all', () => {
    let n = 0;
    const id = newClientMsgId(undefined, () => ((n += 37) % 256) / 256);
    expect(id).toMatch(V4);
    expect(newClientMsgId({})).toMatch(V4);
    expect(newClientMsgId({})).not.toBe(newClientMsgId({}));
  });

  it('is what the default source gives in Node (randomUUID)', () => {
    expect(newClientMsgId()).toMatch(V4);
  });
});
