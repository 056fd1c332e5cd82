import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The example frames of the protocol reference, kept verbatim in docs/protocol/examples/. */
export const EXAMPLES_DIR = path.resolve(__dirname, '../../docs/protocol/examples');

export interface ExampleFile {
  readonly name: string;
  readonly text: string;
  readonly json: unknown;
}

/** Every example frame of one direction, read at test time so new files are picked up. */
export function exampleFiles(direction: 'in' | 'out'): ExampleFile[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.startsWith(`${direction}.`) && name.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(path.join(EXAMPLES_DIR, name), 'utf8');
      return { name, text, json: JSON.parse(text) as unknown };
    });
}

/** The `<event_type>` segment of `<direction>.<event_type>[.<variant>].json`. */
export function nameEventType(name: string): string {
  return name.split('.')[1] ?? '';
}
