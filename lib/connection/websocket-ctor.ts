import IsomorphicWebSocket from 'isomorphic-ws';
import type { WebSocketConstructor } from './options.js';
import type { RxjsWebSocketCtor } from './socket-session.js';

/**
 * The constructor handed to RxJS's `webSocket`. Always explicit: RxJS falls back to a global
 * `WebSocket`, which Node 20 does not have (it throws "WebSocket is not defined").
 *
 * The one cast of the library lives here: `ws`'s class (and any user-supplied constructor,
 * typed loosely as `WebSocketConstructor`) does not type-check as the DOM `WebSocket` RxJS
 * declares (different event types, extra members), although it behaves as one at runtime.
 */
export function toRxjsWebSocketCtor(ctor: WebSocketConstructor | undefined): RxjsWebSocketCtor {
  return (ctor ?? IsomorphicWebSocket) as unknown as RxjsWebSocketCtor;
}
