import { filter, firstValueFrom, type Observable, take, timeout, toArray, VirtualTimeScheduler } from 'rxjs';
import {
  type HubEmulator,
  type HubEmulatorOptions,
  scriptedBot,
  startHubEmulator,
} from '../../../lib/emulator/index.js';
import { connectHub, type HubDeps } from '../../../lib/hub/connect-hub.js';
import type { Hub } from '../../../lib/hub/hub.js';
import type { HubOptions } from '../../../lib/options.js';

export const API_KEY = 'test-key';

/** Delivery checks fast enough for a spec: a probe 50 ms after a write, answered within 300 ms. */
export const FAST_DELIVERY = { probe: { afterMs: 50, timeoutMs: 300 }, requestTimeoutMs: 2_000 } as const;

/** A real emulator on 127.0.0.1:0 and a hub connected to it over loopback. */
export async function startLiveHub(
  hubOptions: Partial<HubOptions> = {},
  emulatorOptions: HubEmulatorOptions = {},
  hubDeps: HubDeps = {},
): Promise<{ emulator: HubEmulator; hub: Hub; stop(): Promise<void> }> {
  // This client sends no bot-first trigger: the bot greets right after the start instead.
  const emulator = await startHubEmulator({
    apiKeys: [API_KEY],
    bot: scriptedBot({ greetOnStart: true }),
    ...emulatorOptions,
  });
  const hub = connectHub(
    {
      url: emulator.url,
      apiKey: API_KEY,
      requestTimeoutMs: 3_000,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      ...hubOptions,
    },
    hubDeps,
  );
  return {
    emulator,
    hub,
    stop: async () => {
      hub.close();
      await emulator.stop();
    },
  };
}

/** The first `count` values, failing after `ms` rather than hanging the suite. */
export function firstN<T>(source$: Observable<T>, count: number, ms = 3_000): Promise<T[]> {
  return firstValueFrom(source$.pipe(take(count), toArray(), timeout(ms)));
}

/** The first value matching `predicate`, failing after `ms`. */
export function firstWhere<T>(
  source$: Observable<T>,
  predicate: (value: T) => boolean,
  ms = 3_000,
): Promise<T> {
  return firstValueFrom(source$.pipe(filter(predicate), timeout(ms)));
}

/** Lets pending I/O callbacks and promise reactions run (`rounds` turns of the event loop). */
export async function turns(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Virtual time for the client's timers (pass `scheduler` as `HubDeps.scheduler`): nothing times
 * out until `advance` moves the time, so timeouts are asserted to the millisecond.
 */
export function virtualTime(): { scheduler: VirtualTimeScheduler; advance(ms: number): void } {
  const scheduler = new VirtualTimeScheduler();
  let now = 0;
  return {
    scheduler,
    advance(ms) {
      now += ms;
      scheduler.maxFrames = now;
      scheduler.flush();
    },
  };
}
