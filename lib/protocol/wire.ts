/**
 * The protocol exactly as it travels on the socket (snake_case, both envelope shapes).
 * Only the codec and the emulator speak this; applications use the normalised model
 * in `inbound.ts` / `outbound.ts`.
 */

/** A JSON object as the hub sends it: nothing about its fields is trusted. */
export type WireObject = { readonly [key: string]: unknown };

/** The inner event of every hub → client frame. */
export interface WireInboundEvent {
  /** The event type, e.g. `bot_message`. */
  readonly event_type: string;
  /** Unique per delivered event, when the hub gives one. */
  readonly event_id?: string;
  /** The event's fields, snake_case. */
  readonly event_payload?: WireObject;
  /** Set by the hub on some events; the library does not act on it. */
  readonly accepts_response_payload?: boolean;
}

/** Hub → client, shape 1: the event at the top level. */
export type WirePlainFrame = WireInboundEvent;

/** Hub → client, shape 2: the event wrapped by the gateway's route. */
export interface WireWrappedFrame {
  /** The gateway's route name. */
  readonly action: 'receiveMessage';
  /** The event itself. */
  readonly event: WireInboundEvent;
}

/** Client → hub: always wrapped, routed by the gateway on `action`. */
export interface WireOutboundFrame {
  /** The gateway's route name. */
  readonly action: 'sendMessage';
  /** The event itself. */
  readonly event: {
    /** The event type, e.g. `user_message`. */
    readonly event_type: string;
    /** The event's fields, snake_case. */
    readonly event_payload: WireObject;
  };
}

/** The gateway route every client frame must carry; any other value is dropped by the hub. */
export const OUTBOUND_ROUTE = 'sendMessage';
/** The route name on wrapped hub → client frames. */
export const INBOUND_ROUTE = 'receiveMessage';
