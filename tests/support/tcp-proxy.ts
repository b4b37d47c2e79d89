// A TCP proxy for fault tests, put between the app and PostgreSQL. It forwards by default and can
//   refuse()  reset every open connection and every new one (the server is gone),
//   freeze()  stop answering without a reset: open connections go silent for good (a blackhole,
//             as when a network path dies) and new ones hang before reaching the server,
//   restore() forward new connections again (the server is back; frozen ones stay dead).
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Rewrites a postgres:// URL to go through the proxy. */
  urlFor(databaseUrl: string): string;
  refuse(): void;
  freeze(): void;
  restore(): void;
  /** Connections opened through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

type Mode = "forward" | "refuse" | "freeze";

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = "forward";
  let opened = 0;
  const live = new Set<{ client: Socket; upstream?: Socket }>();
  const frozen = new Set<Socket>();

  const reset = (socket: Socket | undefined) => {
    if (!socket || socket.destroyed) return;
    socket.resetAndDestroy();
  };
  const freezeSocket = (socket: Socket) => {
    socket.pause();
    socket.removeAllListeners("data");
    socket.on("error", () => {});
    frozen.add(socket);
  };

  const server: Server = createServer((client) => {
    opened++;
    client.on("error", () => {});
    if (mode === "refuse") return reset(client);
    if (mode === "freeze") return freezeSocket(client);
    const pair: { client: Socket; upstream?: Socket } = { client };
    live.add(pair);
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on("error", () => reset(client));
    client.on("error", () => reset(upstream));
    client.on("close", () => {
      live.delete(pair);
      if (!frozen.has(upstream)) upstream.destroy();
    });
    upstream.on("close", () => {
      if (!frozen.has(client)) client.destroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    urlFor(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    refuse() {
      mode = "refuse";
      for (const { client, upstream } of live) {
        reset(client);
        reset(upstream);
      }
      live.clear();
    },
    freeze() {
      mode = "freeze";
      for (const { client, upstream } of live) {
        client.unpipe();
        upstream?.unpipe();
        freezeSocket(client);
        if (upstream) freezeSocket(upstream);
      }
      live.clear();
    },
    restore() {
      mode = "forward";
    },
    connections: () => opened,
    async close() {
      for (const { client, upstream } of live) {
        client.destroy();
        upstream?.destroy();
      }
      for (const socket of frozen) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
