import { Command, InvalidArgumentError } from 'commander';
import { EXIT_CODES, exitAfterFlush, interrupted } from './hub-target.js';

/**
 * `captivate-hub start` (what `npm start` runs): the emulator with the demo chat widget on its port.
 * Runs until Ctrl-C or SIGTERM, then stops cleanly with exit code 0.
 */
export function startCommand(): Command {
  return new Command('start')
    .description('run the hub emulator and serve the demo chat widget (from a clone of the repository)')
    .option('--port <port>', 'port of the page and the hub (0 = any free port)', parsePort, 8787)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_CODES.done : EXIT_CODES.usage))
    .action(async (options: { port: number; host: string }) => {
      // Loaded on demand: the demo needs esbuild, a development dependency, and `chat` / `tail` must
      // work where only the published package is installed.
      const { startDemo } = await import('./demo-server.js');
      const demo = await startDemo(options);
      console.log(`Demo chat widget: ${demo.pageUrl}`);
      console.log(`Hub emulator:     ${demo.emulator.url}  (API key: ${demo.apiKey})`);
      console.log('Press Ctrl-C to stop.');
      await interrupted();
      await demo.stop();
      exitAfterFlush(EXIT_CODES.done);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('not a port number');
  return port;
}
