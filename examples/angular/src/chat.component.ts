import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import type { MessagePart } from 'captivate-hub-rx';
import { HubService } from './hub.service';

/** A minimal chat: a status line, the conversation's lines (signals), quick replies and a text box. */
@Component({
  selector: 'app-chat',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <strong>Angular chat</strong>
      <span class="status" data-testid="status" [attr.data-state]="hub.status()">{{ hub.statusText() }}</span>
    </header>
    @if (hub.conversationId(); as id) {
      <small class="conversation" data-testid="conversation-id">{{ id }}</small>
    } @else {
      <button type="button" class="start" (click)="hub.start('angular')">Start a conversation</button>
    }
    <ol class="lines" data-testid="lines">
      @for (line of hub.lines(); track $index; let lineIndex = $index) {
        <li [class]="line.from">
          @for (part of line.parts; track $index) {
            @switch (part.type) {
              @case ('text') {
                <p>{{ textOf(part) }}</p>
              }
              @case ('buttons') {
                @if (titleOf(part); as title) {
                  <p>{{ title }}</p>
                }
                <div class="choices">
                  @for (option of optionsOf(part); track option.value) {
                    <button
                      type="button"
                      [disabled]="lineIndex < hub.lastUserLine()"
                      (click)="hub.send(option.value, option.label)"
                    >
                      {{ option.label }}
                    </button>
                  }
                </div>
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
  styles: `
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 12px;
      padding: 12px 16px;
      background: #dd0031;
      color: #fff;
    }
    .status {
      flex-shrink: 0;
      white-space: nowrap;
      font-size: 0.75rem;
      padding: 3px 10px;
      border-radius: 999px;
      background: #8a94a6;
    }
    .status[data-state='connected'] {
      background: #1f9d55;
    }
    .status[data-state='connecting'],
    .status[data-state='reconnecting'] {
      background: #d69e2e;
    }
    .conversation,
    .start {
      margin: 8px 16px 0;
      align-self: flex-start;
    }
    .lines {
      flex: 1;
      margin: 0;
      padding: 12px;
      list-style: none;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    li {
      max-width: 80%;
      padding: 8px 12px;
      border-radius: 12px;
      background: #eef1f6;
      align-self: flex-start;
    }
    li.user {
      align-self: flex-end;
      background: #dd0031;
      color: #fff;
    }
    li.agent {
      background: #fdf2d0;
    }
    p {
      margin: 0;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin-top: 6px;
    }
    form button {
      white-space: nowrap;
    }
    form {
      display: flex;
      gap: 8px;
      padding: 10px 12px;
      border-top: 1px solid #e2e6ee;
    }
    input {
      flex: 1;
      font: inherit;
      padding: 8px 10px;
      border: 1px solid #c8cfdc;
      border-radius: 8px;
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

  // Narrowing lives in TypeScript methods, which keeps the template to simple bindings.
  protected textOf(part: MessagePart): string {
    return part.type === 'text' ? part.text : '';
  }

  protected titleOf(part: MessagePart): string | undefined {
    return part.type === 'buttons' ? part.buttons.title : undefined;
  }

  protected optionsOf(part: MessagePart) {
    return part.type === 'buttons' ? part.buttons.options : [];
  }
}
