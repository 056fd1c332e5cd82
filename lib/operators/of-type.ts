import { type OperatorFunction, filter } from '../rx.js';

/**
 * Keeps the events of the given type(s), narrowing the element type to those union members
 * (`Extract<E, { type: T }>`), like RxJS `filter` with a type guard.
 *
 * @example
 * hub.events$.pipe(ofType('bot_message', 'livechat_message')).subscribe((event) => {
 *   event.payload.content; // typed: BotMessageEvent | LivechatMessageEvent
 * });
 */
export function ofType<
  E extends {
    /** The event's type. */
    readonly type: string;
  },
  T extends E['type'],
>(
  ...types: readonly [T, ...T[]]
): OperatorFunction<
  E,
  Extract<
    E,
    {
      /** One of the types asked for. */
      readonly type: T;
    }
  >
> {
  // A short array: `includes` is as quick as a comparison for the usual one or two types.
  const wanted: readonly string[] = types;
  return filter((event: E): event is Extract<E, { readonly type: T }> => wanted.includes(event.type));
}
