/**
 * The protocol exactly as it travels on the socket (snake_case, both envelope shapes).
 * Only the codec and the emulator speak this; applications use the normalised model
 * in `inbound.ts` / `outbound.ts`.
 */

/** A JSON object as the hub sends it: nothing about its fields is trusted. */
export type WireObject = { readonly [key: string]: unknown };

/** The inner event of every hub → client frame. */
export interface WireInboundEvent {
  readonly event_type: string;
  readonly event_id?: string;
  readonly event_payload?: WireObject;
  readonly accepts_response_payload?: boolean;
}

/** Hub → client, shape 1: the event at the top level. */
export type WirePlainFrame = WireInboundEvent;

/** Hub → client, shape 2: the event wrapped by the gateway's route. */
export interface WireWrappedFrame {
  readonly action: 'receiveMessage';
  readonly event: WireInboundEvent;
}

/** Client → hub: always wrapped, routed by the gateway on `action`. */
export interface WireOutboundFrame {
  readonly action: 'sendMessage';
  readonly event: { readonly event_type: string; readonly event_payload: WireObject };
}

/** The gateway route every client frame must carry; any other value is dropped by the hub. */
export const OUTBOUND_ROUTE = 'sendMessage';
/** The route name on wrapped hub → client frames. */
export const INBOUND_ROUTE = 'receiveMessage';
