import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { ChatComponent } from './chat.component';
import { HUB_OPTIONS } from './hub.service';

// `npx captivate-hub emulator` prints a URL and key to use here; in production they come from your
// environment configuration, never from source control.
bootstrapApplication(ChatComponent, {
  providers: [
    provideZonelessChangeDetection(),
    { provide: HUB_OPTIONS, useValue: { url: 'ws://127.0.0.1:8787', apiKey: 'dev-key' } },
  ],
}).catch((error: unknown) => console.error(error));
