// A test suite's use of the emulator entry (Node only).
import {
  ManualClock,
  scriptedBot,
  startHubEmulator,
  type HubEmulatorOptions,
} from 'captivate-hub-rx/emulator';

declare const maybePort: number | undefined;
declare const maybeUrl: string | undefined;
declare const maybeFlag: boolean | undefined;

const options: HubEmulatorOptions = {
  port: maybePort,
  apiKeys: ['test-key'],
  // exactOptionalPropertyTypes: the hardening and fidelity options accept an explicit `undefined` too.
  publicUrl: maybeUrl,
  allowedOrigins: undefined,
  idleSocketTimeoutMs: maybePort,
  ledgerMaxBytes: maybePort,
  httpReplyDelayMs: maybePort,
  clock: new ManualClock(),
  bot: scriptedBot({ greetOnStart: maybeFlag }),
};
const emulator = await startHubEmulator(options);
console.log(emulator.urlWithKey(), emulator.received.all().length);
emulator.dropConnections();
await emulator.stop();
