import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AsyncPipe } from '@angular/common';
import type { MessagePart } from 'captivate-hub-rx';
import { HubService } from './hub.service';

/** A minimal chat: status (async pipe), the conversation's lines (signals), quick replies and a text box. */
@Component({
  selector: 'app-chat',
  standalone: true,
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      @if (hub.status$ | async; as status) {
        <span class="status" [attr.data-state]="status.state">{{ status.state }}</span>
      }
      @if (hub.conversationId(); as id) {
        <small>{{ id }}</small>
      } @else {
        <button type="button" (click)="hub.start()">Start a conversation</button>
      }
    </header>
    <ol class="lines">
      @for (line of hub.lines(); track $index) {
        <li [class]="line.from">
          @for (part of line.parts; track $index) {
            @switch (part.type) {
              @case ('text') {
                <p>{{ textOf(part) }}</p>
              }
              @case ('buttons') {
                @for (option of optionsOf(part); track option.value) {
                  <button type="button" (click)="hub.send(option.value)">{{ option.label }}</button>
                }
              }
            }
          }
        </li>
      }
    </ol>
    @if (hub.started()) {
      <form (submit)="send($event, input)">
        <input #input placeholder="Type a message" autocomplete="off" />
        <button type="submit">Send</button>
        <button type="button" (click)="hub.askForAgent()">Talk to a human</button>
      </form>
    }
  `,
})
export class ChatComponent {
  protected readonly hub = inject(HubService);

  protected send(event: Event, input: HTMLInputElement): void {
    event.preventDefault();
    const text = input.value.trim();
    if (text) this.hub.send(text);
    input.value = '';
  }

  // Narrowing lives in TypeScript, where `tsc` checks it; templates are only checked by the Angular compiler.
  protected textOf(part: MessagePart): string {
    return part.type === 'text' ? part.text : '';
  }

  protected optionsOf(part: MessagePart) {
    return part.type === 'buttons' ? part.buttons.options : [];
  }
}
