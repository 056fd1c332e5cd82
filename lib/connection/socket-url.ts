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

/** Keys at least this long are masked wherever they stand; real channel keys are much longer. */
const LONG_KEY_LENGTH = 8;

/** Characters that join key characters into one run (`host-with-key.invalid`). */
const SEPARATORS = /[.~%+-]/;

/** Whether a word character is reached from `at` going `step` (±1) over separators only. */
function gluedAt(text: string, at: number, step: 1 | -1): boolean {
  for (let i = at; i >= 0 && i < text.length; i += step) {
    const char = text[i]!;
    if (/\w/.test(char)) return true;
    if (!SEPARATORS.test(char)) return false;
  }
  return false;
}

/**
 * Removes the key (raw and URL-encoded) from a text that did not come from us, such as an error
 * message of the WebSocket implementation that may echo the URL.
 *
 * - A key of 8 characters or more is masked at every occurrence, whatever surrounds it: text glued
 *   to it (`key.`, `key-`, `xkeyx`) must never let it through.
 * - A shorter key is masked unless it is part of a longer run of key characters: letters, digits
 *   and `_`, joined directly or through `.` `-` `~` `+` `%`. So `sk-123.` at the end of a sentence,
 *   `apikey=sk-123-` or `(sk-123)` are masked, while key `key` leaves `host-with-key.invalid` alone.
 *
 * @example
 * redactSecret('bad url wss://h/?apikey=sk-123#x.', 'sk-123') // 'bad url wss://h/?apikey=***#x.'
 */
export function redactSecret(text: string, apiKey: string): string {
  // An empty key would match between every two characters.
  if (!apiKey) return text;
  // Every non-word character escaped (identity escapes are valid outside unicode mode).
  const forms = [encodeURIComponent(apiKey), apiKey].map((form) => form.replace(/\W/g, '\\$&')).join('|');
  const long = apiKey.length >= LONG_KEY_LENGTH;
  // Context is checked per match (never a lookbehind tried at every position: linear in the text).
  return text.replace(new RegExp(forms, 'g'), (match, at: number) =>
    long || !(gluedAt(text, at - 1, -1) || gluedAt(text, at + match.length, 1)) ? REDACTED : match,
  );
}
