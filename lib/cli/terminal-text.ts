// What the CLI prints comes from the hub (bot text, button labels, error messages): a hostile or
// careless bot must not be able to clear the screen, set the window title, move the cursor or
// forge a status line through it.

/**
 * C0 controls except tab and newline, DEL, C1 controls (`\x9b` is a one-byte CSI), and the
 * Unicode bidirectional overrides and isolates that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character removed except newline and tab, safe to write to a terminal.
 *
 * @example
 * printable('hi\x1b[2J\x1b]0;title\x07!') // 'hi[2J]0;title!'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '');
}
