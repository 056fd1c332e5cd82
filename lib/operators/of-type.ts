import { type OperatorFunction, filter } from 'rxjs';

/**
 * Keeps the events of the given type(s), narrowing the element type to those union members
 * (`Extract<E, { type: T }>`), like RxJS `filter` with a type guard.
 *
 * @example
 * hub.events$.pipe(ofType('bot_message', 'livechat_message')).subscribe((event) => {
 *   event.payload.content; // typed: BotMessageEvent | LivechatMessageEvent
 * });
 */
export function ofType<E extends { readonly type: string }, T extends E['type']>(
  ...types: readonly [T, ...T[]]
): OperatorFunction<E, Extract<E, { readonly type: T }>> {
  // One type (the common case) is a single comparison; several use a Set.
  if (types.length === 1) {
    const [only] = types;
    return filter((event: E): event is Extract<E, { readonly type: T }> => event.type === only);
  }
  const wanted: ReadonlySet<string> = new Set(types);
  return filter((event: E): event is Extract<E, { readonly type: T }> => wanted.has(event.type));
}
