// A test suite's use of the emulator entry (Node only).
import { startHubEmulator, type HubEmulatorOptions } from 'captivate-hub-rx/emulator';

declare const maybePort: number | undefined;

const options: HubEmulatorOptions = { port: maybePort, apiKeys: ['test-key'] };
const emulator = await startHubEmulator(options);
console.log(emulator.urlWithKey(), emulator.received.all().length);
emulator.dropConnections();
await emulator.stop();
