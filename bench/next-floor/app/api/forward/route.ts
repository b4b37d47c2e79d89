// The benchmark's Next.js floor (bench/run.ts): a route handler that only forwards the request
// body to the upstream and returns its streamed answer. No session, no database, no AI SDK, so what
// it adds is what the framework alone costs per request on the machine. Not part of the app.
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const upstream = await fetch(`${process.env.UPSTREAM_URL}/responses`, {
    method: "POST",
    body: await request.text(),
    headers: { "content-type": "application/json" },
  });
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": "text/event-stream", "cache-control": "no-store, no-transform" },
  });
}
