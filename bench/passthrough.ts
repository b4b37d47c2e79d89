// The benchmark's floor: a bare pass-through proxy in its own process (node:http, keep-alive, the
// request body forwarded as is, the answer piped back), with no Next.js, no session, no database
// and no SDK. What it adds over calling the upstream directly is what any proxy costs on this
// machine at that concurrency, so the app's figures can be read against it. Not part of the app.
// Prints its base URL on the first stdout line.
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

const upstream = new URL(process.env.UPSTREAM_URL ?? "");
const agent = new Agent({ keepAlive: true });

const server = createServer((incoming, outgoing) => {
  const forwarded = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: `${upstream.pathname.replace(/\/$/, "")}${incoming.url}`,
      method: incoming.method,
      headers: {
        "content-type": incoming.headers["content-type"] ?? "application/json",
        "content-length": incoming.headers["content-length"],
      },
      agent,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, { "content-type": answer.headers["content-type"] ?? "text/event-stream" });
      answer.pipe(outgoing);
    },
  );
  forwarded.on("error", () => outgoing.destroy());
  incoming.pipe(forwarded);
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => process.exit(0));
