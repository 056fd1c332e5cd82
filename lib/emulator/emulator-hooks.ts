import { InvalidArgumentError } from '../errors.js';
import { BotContextImpl } from './bot-context.js';
import { sendGarbage, sendRaw, swallowThenKill, targetsOf, type ConnectionTarget } from './faults.js';
import type { HubCore } from './hub-core.js';
import type { HubEmulator } from './hub-emulator.js';
import type { UpgradeGate } from './upgrade-gate.js';

/** Snapshots for assertions: the open sockets and one conversation. */
export function inspection(hub: HubCore): Pick<HubEmulator, 'connections' | 'conversation'> {
  return {
    connections: () =>
      [...hub.connections.values()].map((c) => ({ id: c.id, connectedAt: c.connectedAt, frozen: c.frozen })),
    conversation: (conversationId) => {
      const c = hub.conversations.get(conversationId);
      return c
        ? {
            id: c.id,
            userId: c.userId,
            metadata: c.metadata,
            connectionId: c.boundConnectionId,
            transcriptLength: c.transcript.length,
          }
        : undefined;
    },
  };
}

/** What a test can make the hub's side of a conversation say, outside the bot's flow. */
export function conversationHooks(
  hub: HubCore,
): Pick<HubEmulator, 'agentSays' | 'botSays' | 'sendAction' | 'updateConversation'> {
  const contextOf = (conversationId: string) => {
    const conversation = hub.conversations.get(conversationId);
    if (!conversation) throw new InvalidArgumentError(`Unknown conversation ${conversationId}`);
    return new BotContextImpl(hub, conversation);
  };
  return {
    agentSays: (conversationId, content) => contextOf(conversationId).agentSays(content),
    botSays: (conversationId, content) => contextOf(conversationId).reply(content),
    sendAction: (conversationId, actions) => contextOf(conversationId).sendActions(actions),
    updateConversation: (conversationId, type, data) =>
      contextOf(conversationId).updateConversation(type, data),
  };
}

/** Closes the targeted sockets with a close frame (frozen ones are terminated: no frame could pass). */
export function dropTargets(hub: HubCore, code: number, reason: string, target?: ConnectionTarget) {
  const targets = targetsOf(hub, target);
  for (const connection of targets) {
    if (connection.frozen) connection.terminate();
    else connection.close(code, reason);
  }
  return targets;
}

/** Network faults and channel switches. */
export function faultHooks(
  hub: HubCore,
  gate: UpgradeGate,
): Pick<
  HubEmulator,
  | 'sendRaw'
  | 'sendGarbage'
  | 'dropConnections'
  | 'terminateConnections'
  | 'freeze'
  | 'unfreeze'
  | 'swallow'
  | 'setChannelMode'
  | 'refuseConnections'
  | 'acceptConnections'
> {
  return {
    sendRaw: (frame, target) => sendRaw(hub, frame, target),
    sendGarbage: (garbage = {}) => sendGarbage(hub, garbage.kinds, garbage),
    dropConnections: (drop = {}) =>
      void dropTargets(hub, drop.code ?? 1001, drop.reason ?? 'Going away', drop),
    terminateConnections: (target) => targetsOf(hub, target).forEach((c) => c.terminate()),
    freeze: (target) => targetsOf(hub, target).forEach((c) => c.freeze()),
    unfreeze: (target) => targetsOf(hub, target).forEach((c) => c.unfreeze()),
    swallow: (swallow = {}) => void swallowThenKill(hub, swallow.ms ?? 200, swallow),
    setChannelMode: (mode) => {
      hub.channelMode = mode;
      hub.settings.logger.info?.(`channel mode: ${mode}`);
    },
    refuseConnections: (ms, refuse = {}) => gate.refuseFor(ms, refuse.status),
    acceptConnections: () => gate.acceptAgain(),
  };
}
