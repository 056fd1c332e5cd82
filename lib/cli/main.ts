#!/usr/bin/env node
import { Command } from 'commander';
import { emulatorCommand } from './emulator-command.js';
import { chatCommand } from './chat-command.js';
import { startCommand } from './start-command.js';
import { tailCommand } from './tail-command.js';

// The `captivate-hub` CLI. Each subcommand lives in its own file as a `xxxCommand(): Command`
// factory and is registered here with one `.addCommand(...)` line.
const program = new Command('captivate-hub')
  .description('Captivate Hub Socket Mode tools: a local hub emulator and hub clients')
  .showHelpAfterError()
  .addCommand(emulatorCommand())
  .addCommand(startCommand())
  .addCommand(chatCommand())
  .addCommand(tailCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
