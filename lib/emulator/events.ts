/** What happened in the emulator, as the `events$` feed reports it. */
export type EmulatorEvent =
  | {
      /** A socket connected (the upgrade was accepted). */
      readonly type: 'connect';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The socket's id (its `socket_id`). */
      readonly connectionId: string;
    }
  | {
      /** A socket closed. */
      readonly type: 'disconnect';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The socket's id (its `socket_id`). */
      readonly connectionId: string;
      /** 1006 when the socket ended without a close frame. */
      readonly code: number;
      /** The close reason. */
      readonly reason: string;
    }
  | {
      /** A client frame arrived. */
      readonly type: 'frame-in';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The socket's id (its `socket_id`). */
      readonly connectionId: string;
      /** `socket` for a WebSocket frame, `http` for the compatibility endpoint. */
      readonly via: 'socket' | 'http';
      /** The frame as received. */
      readonly text: string;
    }
  | {
      /** A frame was written to a socket. */
      readonly type: 'frame-out';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The socket's id (its `socket_id`). */
      readonly connectionId: string;
      /** The event type of the frame. */
      readonly eventType: string;
      /** The frame as written. */
      readonly text: string;
    }
  | {
      /** The channel is in Webhook mode: this reply went to the webhook (or nowhere), not to a socket. */
      readonly type: 'webhook';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The conversation the reply was for. */
      readonly conversationId: string;
      /** The event type of the frame. */
      readonly eventType: string;
      /** The frame as posted. */
      readonly text: string;
    }
  | {
      /** A client frame the hub ignored: not JSON, binary, wrong route, unknown event type, … */
      readonly type: 'ignored';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The socket's id (its `socket_id`). */
      readonly connectionId: string;
      /** Why the frame was ignored. */
      readonly reason: string;
    }
  | {
      /** An upgrade refused with an HTTP status (401 key, 414 URL, 429 rate, 503 refusing). */
      readonly type: 'rejected';
      /** `Date.now()` when it happened. */
      readonly at: number;
      /** The HTTP status the upgrade was refused with. */
      readonly status: number;
      /** Why the upgrade was refused. */
      readonly reason: string;
    };

/** The `type` of an {@link EmulatorEvent}, for filtering the feed. */
export type EmulatorEventType = EmulatorEvent['type'];
