/**
 * A fake Socket Mode server on 127.0.0.1: apps.connections.open (served by {@link FakeSlackApi}) hands out its URL;
 * on connect it says `hello`, then the test pushes envelopes and waits for the app's acks (`{ envelope_id, payload }`).
 * It pings every few seconds, as Slack does, so the client never thinks the server went away.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive';
  accepts_response_payload: boolean;
  payload: unknown;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSocketModeServer {
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private readonly acks = new Map<string, Ack>();
  private readonly waiting = new Map<string, (ack: Ack) => void>();
  private connectedResolve: (() => void) | undefined;
  /** Resolves when a client has connected and been sent `hello`. */
  readonly connected = new Promise<void>((resolve) => (this.connectedResolve = resolve));
  connections = 0;

  async start(): Promise<void> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server?.once('listening', () => resolve()));
    this.server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      socket.on('message', (data) => {
        const ack = JSON.parse(String(data)) as Ack;
        if (typeof ack.envelope_id !== 'string') return;
        this.acks.set(ack.envelope_id, ack);
        this.waiting.get(ack.envelope_id)?.(ack);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0CAREER1' },
        }),
      );
      this.connectedResolve?.();
    });
    this.pinger = setInterval(() => this.socket?.ping(), 5_000);
  }

  get url(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/?ticket=fake`;
  }

  /** Sends an envelope and resolves with the app's ack (rejects after `timeoutMs`). */
  send(envelope: Envelope, timeoutMs = 5_000): Promise<Ack> {
    if (!this.socket) throw new Error('fake socket mode: no client connected');
    const ack = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake socket mode: no ack for ${envelope.envelope_id}`)), timeoutMs);
      this.waiting.set(envelope.envelope_id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });
    this.socket.send(JSON.stringify(envelope));
    return ack;
  }

  async stop(): Promise<void> {
    clearInterval(this.pinger);
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}
