import { isWireObject } from '../protocol/json.js';
import type { KeyValueStore } from './store.js';

/** The parts of `node:fs` a file store uses. */
export interface FileSystemLike {
  /** Reads the whole file as text (throws when it does not exist). */
  readFileSync(path: string, encoding: 'utf8'): string;
  /** Writes the whole file. */
  writeFileSync(path: string, data: string): void;
  /** Renames a file, replacing the target. */
  renameSync(from: string, to: string): void;
}

/**
 * A JSON file as a {@link KeyValueStore} (Node). Written whole through a temporary file and a
 * rename, so a crash leaves the old file or the new one, never half of one. One process per file.
 * @example
 * import * as fs from 'node:fs';
 * import { fileStore } from 'captivate-hub-rx/node-store';
 * const hub = connectHub({ url, apiKey, store: persist(fileStore('.hub-outbox.json', fs)) });
 */
export function fileStore(path: string, fs: FileSystemLike): KeyValueStore {
  let data: Record<string, string> | undefined;
  const load = (): Record<string, string> => {
    if (data) return data;
    data = Object.create(null) as Record<string, string>;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(path, 'utf8'));
      if (isWireObject(parsed)) {
        for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') data[key] = value;
      }
    } catch {
      // No file yet, or unreadable: start empty.
    }
    return data;
  };
  const save = (): void => {
    fs.writeFileSync(`${path}.tmp`, JSON.stringify(load()));
    fs.renameSync(`${path}.tmp`, path);
  };
  return {
    get: (key) => load()[key],
    set: (key, value) => {
      load()[key] = value;
      save();
    },
    remove: (key) => {
      delete load()[key];
      save();
    },
  };
}
