/**
 * The upgrade URL carries the API key in its query (docs/protocol/README.md §1). These helpers put it
 * there URL-encoded and take it out of foreign error text. The library never logs the URL.
 */

const REDACTED = '***';

/**
 * Appends `param=<encoded key>` to `url`, keeping any query and fragment already there.
 *
 * @example
 * buildSocketUrl('wss://hub.example/dev?region=eu', 'apikey', 'k&y') // 'wss://hub.example/dev?region=eu&apikey=k%26y'
 */
export function buildSocketUrl(url: string, param: string, apiKey: string): string {
  const hashAt = url.search(/#|$/);
  const base = url.slice(0, hashAt);
  const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${separator}${encodeURIComponent(param)}=${encodeURIComponent(apiKey)}${url.slice(hashAt)}`;
}

/**
 * Removes every occurrence of the key (raw and URL-encoded) from a text that did not come from
 * us, such as an error message of the WebSocket implementation that may echo the URL. Only whole
 * values are masked (a query value, a header value, a word): a short key must not turn
 * `host-with-key.invalid` into `host-with-***.invalid`.
 */
export function redactSecret(text: string, apiKey: string): string {
  // An empty key would match between every two characters.
  if (!apiKey) return text;
  // Every non-word character escaped (identity escapes are valid outside unicode mode).
  const forms = [encodeURIComponent(apiKey), apiKey].map((form) => form.replace(/\W/g, '\\$&')).join('|');
  return text.replace(new RegExp(`(?<![\\w.~%+-])(?:${forms})(?![\\w.~%+-])`, 'g'), REDACTED);
}
