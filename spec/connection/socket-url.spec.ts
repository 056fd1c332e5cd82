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
});
