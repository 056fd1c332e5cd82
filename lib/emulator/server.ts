import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EmulatorConnection, type ConnectionEnv } from './connection.js';
import { createRequestHandler } from './http-routes.js';
import type { HubCore } from './hub-core.js';
import { excerpt, redactKeys } from './logger.js';
import type { FrameShape } from './options.js';
import { rejectUpgrade, type Refusal, type UpgradeGate } from './upgrade-gate.js';
import { guardRequests, guardUpgrades } from './request-guard.js';
import { cutStalledSockets } from './socket-deadlines.js';
import { describeHost, hostPolicy, isAllowedHost, type HostPolicy } from './host-policy.js';
import {
  baseUrlFromHost,
  corsHeadersFor,
  exposureWarning,
  isAllowedOrigin,
  isUnspecifiedHost,
  originOf,
  originPolicy,
  type OriginPolicy,
} from './origin-policy.js';

export interface ServerSettings {
  readonly host: string;
  readonly shape: FrameShape;
  readonly latency: (() => number) | null;
  readonly apiKeys: readonly string[] | undefined;
  readonly httpHandler?: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
  /** Closes a TCP connection idle this long before it became a WebSocket. */
  readonly idleSocketTimeoutMs?: number;
  /** Origins besides loopback ones allowed without `apiKeys`. */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** `Host` names besides loopback ones answered without `apiKeys`; `true`: any. */
  readonly allowedHosts?: readonly string[] | true | undefined;
  /** Set when `message_link`s have a fixed base (`publicUrl`): no per-connection Host. */
  readonly fixedLinkBase?: boolean;
}

const MESSAGE_TOO_BIG = 1009;
const HOST_REFUSED = 'host not allowed';
const HOST_HINT = 'list it in allowedHosts or --allowed-host';

/**
 * The HTTP server. With an idle limit, the deadlines of connections that never become WebSockets are
 * the emulator's own, on its clock (socket-deadlines.ts): Node's are turned off. `0` or `Infinity`: no
 * idle limit (Node's own request deadlines apply).
 */
function httpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  idle: number,
  hub: HubCore,
): Server {
  const idleMs = Number.isFinite(idle) && idle > 0 ? idle : 0;
  if (!idleMs) return createServer(handler);
  const server = createServer({ headersTimeout: 0, requestTimeout: 0, keepAliveTimeout: 0 }, handler);
  cutStalledSockets(server, idleMs, hub.settings.clock, (phase) =>
    hub.settings.logger.info?.(`cut a TCP connection: ${phase} within ${idleMs} ms`),
  );
  return server;
}

/** The network side: one HTTP server whose upgrades become hub connections. */
export class EmulatorServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly env: ConnectionEnv;
  private accepting = true;
  private readonly origins: OriginPolicy;
  private readonly hosts: HostPolicy;
  private warned = false;

  constructor(
    private readonly hub: HubCore,
    private readonly gate: UpgradeGate,
    private readonly settings: ServerSettings,
  ) {
    const { limits, logger } = hub.settings;
    // First: a bad `allowedHosts` throws before anything is created.
    const hosts = (this.hosts = hostPolicy(settings.apiKeys, settings.host, settings.allowedHosts));
    this.env = {
      shape: settings.shape,
      latency: settings.latency,
      limits,
      clock: hub.settings.clock,
      onWritten: (connection, eventType, text) => {
        logger.debug?.(`→ ${connection.id} ${excerpt(text, 500)}`);
        if (hub.events.observed) {
          hub.events.next({
            type: 'frame-out',
            at: hub.now(),
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
    const origins = (this.origins = originPolicy(settings.apiKeys, settings.allowedOrigins));
    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      if (!isAllowedHost(req.headers.host, hosts)) return this.refuseHost(req, res);
      for (const [name, value] of Object.entries(corsHeadersFor(req, origins))) res.setHeader(name, value);
      if (req.method === 'POST' && !isAllowedOrigin(originOf(req), origins)) {
        req.resume();
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"Origin not allowed"}');
        return;
      }
      if (!extra?.(req, res)) routes(req, res);
    };
    this.http = httpServer(guardRequests(handle, logger), settings.idleSocketTimeoutMs ?? 30_000, hub);
    this.http.on(
      'upgrade',
      guardUpgrades((request, socket, head) => this.onUpgrade(request, socket, head), logger),
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
        this.warnIfExposed();
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  /** Loudly (stderr when no logger warns): anyone who can reach the port may use it. */
  private warnIfExposed(): void {
    const warning = exposureWarning(this.settings.host, this.settings.apiKeys);
    if (!warning || this.warned) return;
    this.warned = true;
    const { logger } = this.hub.settings;
    if (logger.warn) logger.warn(`WARNING: ${warning}`);
    else process.emitWarning(warning, 'SecurityWarning');
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

  /** 403 for a request whose `Host` is not ours (a DNS-rebinding page): logged, the header escaped. */
  private refuseHost(req: IncomingMessage, res: ServerResponse): void {
    this.hub.settings.logger.warn?.(
      `refused ${req.method ?? '?'} request: ${describeHost(req.headers.host)} not allowed (${HOST_HINT})`,
    );
    req.resume();
    res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"Host not allowed"}');
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    if (!this.accepting) {
      socket.destroy();
      return;
    }
    const refusal = this.upgradeRefusal(request);
    if (refusal) {
      const { logger } = this.hub.settings;
      const why =
        refusal.reason === HOST_REFUSED ? ` (${describeHost(request.headers.host)}; ${HOST_HINT})` : '';
      logger.warn?.(
        `refused upgrade ${redactKeys(request.url ?? '/')}: ${refusal.status} ${refusal.reason}${why}`,
      );
      if (this.hub.events.observed)
        this.hub.events.next({ type: 'rejected', at: this.hub.now(), ...refusal });
      rejectUpgrade(socket, refusal.status);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, socket, request));
  }

  /** Host first (nothing of a rebinding page is counted), then origin, then the gateway's own checks. */
  private upgradeRefusal(request: IncomingMessage): Refusal | undefined {
    if (!isAllowedHost(request.headers.host, this.hosts)) return { status: 403, reason: HOST_REFUSED };
    if (!isAllowedOrigin(originOf(request), this.origins))
      return { status: 403, reason: 'origin not allowed' };
    return this.gate.check(request);
  }

  /** Bound to every interface: links name the host this client reached us by. */
  private linkBaseFor(request: IncomingMessage): string | undefined {
    const perHost = isUnspecifiedHost(this.settings.host) && !this.settings.fixedLinkBase;
    return perHost ? baseUrlFromHost(request) : undefined;
  }

  private onConnection(ws: WebSocket, socket: Duplex, request: IncomingMessage): void {
    const { hub } = this;
    const { limits, logger } = hub.settings;
    const id = hub.nextEventId();
    const query = upgradeQuery(request);
    const connection = new EmulatorConnection(id, ws, socket, this.env, query.apiKey);
    hub.connections.set(id, connection);
    if (query.watch !== undefined) hub.watch(query.watch, connection);
    const linkBase = this.linkBaseFor(request);
    if (linkBase) hub.linkBases.set(id, linkBase);
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
      if (query.watch !== undefined) hub.unwatch(query.watch, connection);
      hub.linkBases.delete(id);
      const text = reason.toString();
      logger.info?.(`disconnected ${id} (${code}${text ? ` ${text}` : ''})`);
      if (hub.events.observed) {
        hub.events.next({ type: 'disconnect', at: hub.now(), connectionId: id, code, reason: text });
      }
    });

    logger.info?.(`connected ${id}`);
    if (hub.events.observed) hub.events.next({ type: 'connect', at: hub.now(), connectionId: id });
    hub.send(connection, 'socket_connected', { socket_id: id });
  }
}

/**
 * What the upgrade URL says beyond what the gate checked: the API key (the connection's channel) and
 * `watch`, the emulator-only request to get a copy of every frame one conversation is sent.
 */
function upgradeQuery(request: IncomingMessage): { apiKey?: string; watch?: string } {
  const query = new URL(request.url ?? '/', 'http://emulator.invalid').searchParams;
  const apiKey = query.get('apikey') ?? query.get('apiKey') ?? undefined;
  const watch = query.get('watch') || undefined;
  return { ...(apiKey === undefined ? {} : { apiKey }), ...(watch === undefined ? {} : { watch }) };
}
