import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EmulatorConnection, type ConnectionEnv } from './connection.js';
import { createRequestHandler } from './http-routes.js';
import type { HubCore } from './hub-core.js';
import { excerpt, redactKeys } from './logger.js';
import type { FrameShape } from './options.js';
import { rejectUpgrade, type UpgradeGate } from './upgrade-gate.js';

export interface ServerSettings {
  readonly host: string;
  readonly shape: FrameShape;
  readonly latency: (() => number) | null;
  readonly apiKeys: readonly string[] | undefined;
  readonly httpHandler?: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
}

const MESSAGE_TOO_BIG = 1009;

/** The network side: one HTTP server whose upgrades become hub connections. */
export class EmulatorServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly env: ConnectionEnv;
  private accepting = true;

  constructor(
    private readonly hub: HubCore,
    private readonly gate: UpgradeGate,
    private readonly settings: ServerSettings,
  ) {
    const { limits, logger } = hub.settings;
    this.env = {
      shape: settings.shape,
      latency: settings.latency,
      limits,
      onWritten: (connection, eventType, text) => {
        logger.debug?.(`→ ${connection.id} ${excerpt(text, 500)}`);
        if (hub.events.observed) {
          hub.events.next({
            type: 'frame-out',
            at: Date.now(),
            connectionId: connection.id,
            eventType,
            text,
          });
        }
      },
      onLimit: (connection, limit) => logger.info?.(`closing ${connection.id}: ${limit}`),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      // ws closes with 1009 itself past this size — the gateway's answer (docs/protocol/limits.md).
      maxPayload: limits.maxMessageBytes,
    });
    const routes = createRequestHandler(hub, settings.apiKeys);
    const extra = settings.httpHandler;
    this.http = createServer(extra ? (req, res) => extra(req, res) || routes(req, res) : routes);
    this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(request, socket, head),
    );
  }

  /** Listens and resolves with the bound port. */
  listen(port: number): Promise<number> {
    this.accepting = true;
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.http.once('error', onError);
      this.http.listen(port, this.settings.host, () => {
        this.http.off('error', onError);
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening; open sockets must have been closed or terminated first. */
  closeListener(): Promise<void> {
    this.accepting = false;
    return new Promise((resolve) => {
      if (!this.http.listening) return resolve();
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  /** Final teardown after {@link closeListener}. */
  dispose(): void {
    this.wss.close();
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    if (!this.accepting) {
      socket.destroy();
      return;
    }
    const refusal = this.gate.check(request);
    if (refusal) {
      const { logger } = this.hub.settings;
      logger.warn?.(`refused upgrade ${redactKeys(request.url ?? '/')}: ${refusal.status} ${refusal.reason}`);
      if (this.hub.events.observed) this.hub.events.next({ type: 'rejected', at: Date.now(), ...refusal });
      rejectUpgrade(socket, refusal.status);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, socket));
  }

  private onConnection(ws: WebSocket, socket: Duplex): void {
    const { hub } = this;
    const { limits, logger } = hub.settings;
    const id = hub.nextEventId();
    const connection = new EmulatorConnection(id, ws, socket, this.env);
    hub.connections.set(id, connection);
    const maxFrame = limits.maxFrameBytes;

    ws.on('message', (data: RawData, isBinary: boolean) => {
      connection.noteActivity();
      const buffer = data as Buffer;
      if (maxFrame !== undefined && buffer.length > maxFrame) {
        connection.close(MESSAGE_TOO_BIG, 'Message too big');
        return;
      }
      if (isBinary) hub.ignore(id, `binary frame of ${buffer.length} bytes`);
      else hub.receiveText(connection, buffer.toString('utf8'), 'socket');
    });
    if (limits.pingsCountAsActivity) ws.on('ping', () => connection.noteActivity());
    ws.on('error', (error) => logger.warn?.(`socket ${id}: ${error.message}`));
    ws.on('close', (code: number, reason: Buffer) => {
      connection.dispose();
      hub.connections.delete(id);
      const text = reason.toString();
      logger.info?.(`disconnected ${id} (${code}${text ? ` ${text}` : ''})`);
      if (hub.events.observed) {
        hub.events.next({ type: 'disconnect', at: Date.now(), connectionId: id, code, reason: text });
      }
    });

    logger.info?.(`connected ${id}`);
    if (hub.events.observed) hub.events.next({ type: 'connect', at: Date.now(), connectionId: id });
    hub.send(connection, 'socket_connected', { socket_id: id });
  }
}
