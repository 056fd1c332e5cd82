import { buildSocketUrl, redactSecret, redactUrl } from '../../lib/connection/socket-url.js';

describe('socket URL', () => {
  it('appends the URL-encoded key with ? or & as the URL needs', () => {
    expect(buildSocketUrl('wss://h/dev', 'apikey', 'a&b=c d')).toBe('wss://h/dev?apikey=a%26b%3Dc%20d');
    expect(buildSocketUrl('wss://h/dev?region=eu', 'apiKey', 'k')).toBe('wss://h/dev?region=eu&apiKey=k');
    expect(buildSocketUrl('wss://h/dev?', 'apikey', 'k')).toBe('wss://h/dev?apikey=k');
    expect(buildSocketUrl('wss://h/dev?a=1#frag', 'apikey', 'k')).toBe('wss://h/dev?a=1&apikey=k#frag');
  });

  it('redacts the key parameter whatever its spelling, and only it', () => {
    expect(redactUrl('wss://h/dev?region=eu&apikey=secret')).toBe('wss://h/dev?region=eu&apikey=***');
    expect(redactUrl('wss://h/dev?apiKey=secret&x=1')).toBe('wss://h/dev?apiKey=***&x=1');
    expect(redactUrl('wss://h/dev?custom=secret', ['custom'])).toBe('wss://h/dev?custom=***');
  });

  it('removes the raw and encoded key from foreign text', () => {
    expect(redactSecret('bad url ws://h/?apikey=a%2Fb and a/b', 'a/b')).toBe(
      'bad url ws://h/?apikey=*** and ***',
    );
  });
});
