import { buildSocketUrl, redactSecret } from '../../lib/connection/socket-url.js';

describe('socket URL', () => {
  it('appends the URL-encoded key with ? or & as the URL needs', () => {
    expect(buildSocketUrl('wss://h/dev', 'apikey', 'a&b=c d')).toBe('wss://h/dev?apikey=a%26b%3Dc%20d');
    expect(buildSocketUrl('wss://h/dev?region=eu', 'apiKey', 'k')).toBe('wss://h/dev?region=eu&apiKey=k');
    expect(buildSocketUrl('wss://h/dev?', 'apikey', 'k')).toBe('wss://h/dev?apikey=k');
    expect(buildSocketUrl('wss://h/dev?a=1#frag', 'apikey', 'k')).toBe('wss://h/dev?a=1&apikey=k#frag');
  });

  it('removes the raw and encoded key from foreign text', () => {
    expect(redactSecret('bad url ws://h/?apikey=a%2Fb and a/b', 'a/b')).toBe(
      'bad url ws://h/?apikey=*** and ***',
    );
  });

  it('masks the key only as a whole value, never a piece of a longer word such as a host name', () => {
    expect(redactSecret('getaddrinfo ENOTFOUND host-with-key.invalid', 'key')).toBe(
      'getaddrinfo ENOTFOUND host-with-key.invalid',
    );
    expect(redactSecret('ws://key.example/?apikey=key&x=1 key, "key"', 'key')).toBe(
      'ws://key.example/?apikey=***&x=1 ***, "***"',
    );
    expect(redactSecret('x-api-key: s3cr%t', 's3cr%t')).toBe('x-api-key: ***');
    expect(redactSecret('apikey=k%5Cey(1)*%24 and k\\ey(1)*$', 'k\\ey(1)*$')).toBe('apikey=*** and ***');
  });

  // Short keys: masked unless glued (directly or through `.` `-` `~` `+` `%`) to more key characters.
  // Keys of 8 characters or more: masked wherever they stand.
  it.each([
    ['bad key sk-123.', 'sk-123', 'bad key ***.'],
    ['key=sk-123-', 'sk-123', 'key=***-'],
    ['url wss://h/?apikey=sk-123#x', 'sk-123', 'url wss://h/?apikey=***#x'],
    ['apikey=sk-123~', 'sk-123', 'apikey=***~'],
    ['apikey=sk-123+ and +sk-123', 'sk-123', 'apikey=***+ and +***'],
    ['x sk-123, .sk-123', 'sk-123', 'x ***, .***'],
    ['getaddrinfo ENOTFOUND host-with-key.invalid', 'key', 'getaddrinfo ENOTFOUND host-with-key.invalid'],
    ['key.example key-x x~key key+1 keys', 'key', 'key.example key-x x~key key+1 keys'],
    ['ws://h/?apikey=key. (key) key-', 'key', 'ws://h/?apikey=***. (***) ***-'],
    ['long sk-live-0123456789.', 'sk-live-0123456789', 'long ***.'],
    [
      'glued xsk-live-0123456789y and sk-live-0123456789-more',
      'sk-live-0123456789',
      'glued x***y and ***-more',
    ],
    ['host-abcdefgh.invalid', 'abcdefgh', 'host-***.invalid'],
    ['encoded ?apikey=k%2Fey-long-1. raw k/ey-long-1~', 'k/ey-long-1', 'encoded ?apikey=***. raw ***~'],
    ['short k%2Fy- and k/y.', 'k/y', 'short ***- and ***.'],
  ])('redacts %j (key %j) to %j', (text, key, expected) => {
    expect(redactSecret(text, key)).toBe(expected);
  });
});
