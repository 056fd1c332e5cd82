import type { EmulatorClock } from './clock.js';
import { dropTargets } from './emulator-hooks.js';
import { closedWithin } from './faults.js';
import type { HubCore } from './hub-core.js';
import type { HubEmulator } from './hub-emulator.js';
import type { EmulatorServer } from './server.js';

/** How long stop/restart wait for sockets to close before terminating them (real time: network teardown). */
const STOP_GRACE_MS = 250;

/** `restart` (down for `downMs` of the emulator's clock, back on the same port) and `stop`. */
export function lifecycle(
  hub: HubCore,
  server: EmulatorServer,
  port: number,
  clock: EmulatorClock,
): Pick<HubEmulator, 'restart' | 'stop'> {
  let stopped: Promise<void> | undefined;
  return {
    restart: async (restart = {}) => {
      if (stopped) return;
      const all = [...hub.connections.values()];
      if (restart.code === undefined) all.forEach((c) => c.terminate());
      else dropTargets(hub, restart.code, restart.reason ?? '');
      await closedWithin(all, STOP_GRACE_MS);
      await server.closeListener();
      const downMs = restart.downMs ?? 0;
      if (downMs > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, downMs));
      if (!stopped) await server.listen(port);
    },
    stop: () => {
      stopped ??= (async () => {
        await closedWithin(dropTargets(hub, 1001, 'Going away'), STOP_GRACE_MS);
        await server.closeListener();
        server.dispose();
        hub.settings.webhook?.stop();
        hub.largeMessages.clear();
        hub.events.complete();
      })();
      return stopped;
    },
  };
}
