import { resolveConnectionOptions } from '../../lib/connection/resolve-options.js';
import { CONNECTION_DEFAULTS, HUB_DEFAULTS, RECONNECT_DEFAULTS } from '../../lib/defaults.js';
import { InvalidArgumentError } from '../../lib/errors.js';
import { type HubOptions, resolveHubOptions } from '../../lib/options.js';

describe('options, resolved once from the defaults file', () => {
  it('applies HUB_DEFAULTS (recoverOnReconnect included) and keeps what is given', () => {
    const base = { url: 'ws://x', apiKey: 'k' };
    expect(resolveHubOptions(base)).toMatchObject({
      requestTimeoutMs: HUB_DEFAULTS.requestTimeoutMs,
      recoverOnReconnect: HUB_DEFAULTS.recoverOnReconnect,
      trustedOrigins: [],
      largeReplyTimeoutMs: HUB_DEFAULTS.largeReplyTimeoutMs,
      largeReplyMaxBytes: 4 * 1024 * 1024,
      largeReplyConcurrency: HUB_DEFAULTS.largeReplyConcurrency,
    });
    expect(resolveHubOptions({ ...base, largeReplyConcurrency: 1 }).largeReplyConcurrency).toBe(1);
    // A fresh object per hub: it keys the hub's large-reply state.
    expect(resolveHubOptions(base)).not.toBe(resolveHubOptions(base));
    expect(resolveHubOptions({ ...base, requestTimeoutMs: 500, recoverOnReconnect: true })).toMatchObject({
      requestTimeoutMs: 500,
      recoverOnReconnect: true,
    });
    expect(resolveHubOptions({ ...base, requestTimeoutMs: undefined }).requestTimeoutMs).toBe(30_000);
    expect(() => resolveHubOptions({ ...base, requestTimeoutMs: 0 })).toThrow(InvalidArgumentError);
    // An untyped caller's `null` is not given either: the default holds.
    const nulls = { trustedOrigins: null, largeReplyTimeoutMs: null } as unknown as HubOptions;
    expect(resolveHubOptions({ ...base, ...nulls })).toMatchObject({
      trustedOrigins: [],
      largeReplyTimeoutMs: HUB_DEFAULTS.largeReplyTimeoutMs,
    });
  });

  it('fills every connection default; an option given as undefined keeps its default', () => {
    const resolved = resolveConnectionOptions({
      url: 'ws://x',
      apiKey: 'k',
      connectTimeoutMs: undefined,
      heartbeat: { timeoutMs: 5 },
      reconnect: { maxAttempts: 3 },
    });
    expect(resolved).toMatchObject({
      apiKeyParam: 'apikey',
      connectTimeoutMs: CONNECTION_DEFAULTS.connectTimeoutMs,
      outboundQueueLimit: 1_000,
      maxFrameBytes: 32_768,
      maxConnectionMs: 7_080_000,
      maxInboundFrameBytes: 131_072,
      heartbeat: { intervalMs: 30_000, timeoutMs: 5 },
      reconnect: { ...RECONNECT_DEFAULTS, maxAttempts: 3 },
      stableAfterMs: 10_000,
    });
    expect(
      resolveConnectionOptions({ url: 'ws://x', apiKey: 'k', heartbeat: false, reconnect: false }),
    ).toMatchObject({
      heartbeat: false,
      reconnect: undefined,
      stableAfterMs: RECONNECT_DEFAULTS.stableAfterMs,
    });
  });
});
