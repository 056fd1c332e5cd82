/**
 * Case-insensitive wildcard match where `*` is any run of characters; a pattern without `*`
 * matches anywhere in the text. No RegExp: a pattern of many stars over client text made a
 * backtracking RegExp take exponential time and stall the event loop. Here each segment between
 * stars is searched once, left to right, from where the previous one ended (the leftmost match
 * of each segment is always as good as any later one), so the work is bounded by
 * text length × pattern length, whatever the number of stars.
 *
 * @param steps optional counter of `indexOf` / comparison calls, for tests that measure the work.
 */
export function globMatches(pattern: string, text: string, steps?: { count: number }): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  const count = (): void => void (steps && steps.count++);
  count();
  if (!p.includes('*')) return t.includes(p);
  const segments = p.split('*');
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  // Anchored at both ends: the first segment must open the text, the last must close it.
  if (t.length < first.length + last.length || !t.startsWith(first) || !t.endsWith(last)) return false;
  let at = first.length;
  const end = t.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] ?? '';
    if (!segment) continue;
    count();
    const found = t.indexOf(segment, at);
    if (found < 0 || found + segment.length > end) return false;
    at = found + segment.length;
  }
  return true;
}
