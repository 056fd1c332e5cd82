/** What happened in the emulator, as the `events$` feed reports it. */
export type EmulatorEvent =
  | { readonly type: 'connect'; readonly at: number; readonly connectionId: string }
  | {
      readonly type: 'disconnect';
      readonly at: number;
      readonly connectionId: string;
      /** 1006 when the socket ended without a close frame. */
      readonly code: number;
      readonly reason: string;
    }
  | {
      readonly type: 'frame-in';
      readonly at: number;
      readonly connectionId: string;
      readonly via: 'socket' | 'http';
      readonly text: string;
    }
  | {
      readonly type: 'frame-out';
      readonly at: number;
      readonly connectionId: string;
      readonly eventType: string;
      readonly text: string;
    }
  | {
      /** The channel is in Webhook mode: this reply went to the webhook (or nowhere), not to a socket. */
      readonly type: 'webhook';
      readonly at: number;
      readonly conversationId: string;
      readonly eventType: string;
      readonly text: string;
    }
  | {
      /** A client frame the hub ignored: not JSON, binary, wrong route, unknown event type, … */
      readonly type: 'ignored';
      readonly at: number;
      readonly connectionId: string;
      readonly reason: string;
    }
  | {
      /** An upgrade refused with an HTTP status (401 key, 414 URL, 429 rate, 503 refusing). */
      readonly type: 'rejected';
      readonly at: number;
      readonly status: number;
      readonly reason: string;
    };

export type EmulatorEventType = EmulatorEvent['type'];
