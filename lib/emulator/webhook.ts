import type { EmulatorLogger } from './logger.js';

/** How long one POST to the webhook may take before it is abandoned (and logged). */
const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * Posts the replies of a channel in Webhook mode to the owner's webhook, as the hub would: one
 * POST per event, the wire event as JSON. Failures are logged, never retried (the emulator has no
 * delivery guarantee to model). `stop()` aborts what is still in flight, so no handle outlives
 * the emulator.
 */
export class WebhookSender {
  readonly #inFlight = new Set<AbortController>();

  constructor(
    private readonly url: string,
    private readonly logger: EmulatorLogger,
  ) {}

  post(text: string): void {
    const abort = new AbortController();
    const deadline = setTimeout(() => abort.abort(), WEBHOOK_TIMEOUT_MS);
    this.#inFlight.add(abort);
    fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
      signal: abort.signal,
    })
      .then(async (response) => {
        await response.arrayBuffer(); // drained, so the socket is free for the next POST
        if (!response.ok) this.logger.warn?.(`webhook answered HTTP ${response.status}`);
      })
      .catch((error: unknown) => {
        // Still in flight unless `stop()` aborted it on purpose (a timeout's abort is a failure).
        if (this.#inFlight.has(abort)) {
          this.logger.warn?.(
            `webhook POST failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      })
      .finally(() => {
        clearTimeout(deadline);
        this.#inFlight.delete(abort);
      });
  }

  stop(): void {
    const pending = [...this.#inFlight];
    this.#inFlight.clear();
    for (const abort of pending) abort.abort();
  }
}
