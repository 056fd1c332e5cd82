import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import type { HubOptions } from 'captivate-hub-rx';
import { ChatComponent } from './chat.component';
import { HUB_OPTIONS } from './hub.service';

/**
 * The hub's URL and key are configuration, not code: the app reads them at start-up from
 * `hub-config.json` next to index.html. `public/hub-config.json` points at a local emulator
 * (`npx captivate-hub emulator` accepts any key); a deployment serves its own.
 */
async function loadHubOptions(): Promise<HubOptions> {
  const response = await fetch('hub-config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`hub-config.json: HTTP ${response.status}`);
  const { url, apiKey } = (await response.json()) as Partial<Record<'url' | 'apiKey', unknown>>;
  if (typeof url !== 'string' || typeof apiKey !== 'string')
    throw new Error('hub-config.json needs url and apiKey');
  return { url, apiKey };
}

loadHubOptions()
  .then((options) =>
    bootstrapApplication(ChatComponent, {
      providers: [provideZonelessChangeDetection(), { provide: HUB_OPTIONS, useValue: options }],
    }),
  )
  .catch((error: unknown) => console.error(error));
