#!/usr/bin/env node
import { Command } from 'commander';
import { emulatorCommand } from './emulator-command.js';
import { chatCommand } from './chat-command.js';
import { startCommand } from './start-command.js';
import { tailCommand } from './tail-command.js';
import { EXIT_CODES } from './hub-target.js';
import { packageVersion } from './version.js';
import { printable } from './terminal-text.js';

// The `captivate-hub` CLI. Each subcommand lives in its own file as a `xxxCommand(): Command`
// factory and is registered here with one `.addCommand(...)` line.
const program = new Command('captivate-hub')
  .description('Captivate Hub Socket Mode tools: a local hub emulator and hub clients')
  .version(packageVersion(), '-V, --version', 'print the version and exit')
  .showHelpAfterError()
  // An unknown command or option is a usage error (2), like the subcommands' own.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_CODES.done : EXIT_CODES.usage))
  .addCommand(emulatorCommand())
  .addCommand(startCommand())
  .addCommand(chatCommand())
  .addCommand(tailCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${printable(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(EXIT_CODES.failed);
});
