// Wrappers that give every route handler the same preamble: the app context, a request id, the
// signed-in identity where required, and one mapping of errors to responses.
import { randomUUID } from "node:crypto";
import { requireIdentity } from "./auth/current";
import type { SessionData } from "./auth/session";
import { type AppContext, getAppContext } from "./context";
import type { AppIdentity } from "./db/schema";
import { toErrorResponse } from "./http";

export interface RouteArgs<P> {
  request: Request;
  ctx: AppContext;
  requestId: string;
  params: P;
}

export interface AuthedRouteArgs<P> extends RouteArgs<P> {
  identity: AppIdentity;
  session: SessionData;
}

type NextRouteContext<P> = { params: Promise<P> };

export function route<P = Record<string, never>>(name: string, handler: (args: RouteArgs<P>) => Promise<Response>) {
  return async (request: Request, context?: NextRouteContext<P>): Promise<Response> => {
    const requestId = request.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    try {
      const ctx = await getAppContext();
      const params = ((await context?.params) ?? {}) as P;
      return tagged(await handler({ request, ctx, requestId, params }), requestId);
    } catch (error) {
      return tagged(toErrorResponse(error, { requestId, route: name }), requestId);
    }
  };
}

export function authedRoute<P = Record<string, never>>(name: string, handler: (args: AuthedRouteArgs<P>) => Promise<Response>) {
  return route<P>(name, async (args) => {
    const { identity, session } = await requireIdentity(args.ctx, args.request);
    return handler({ ...args, identity, session });
  });
}

function tagged(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
  } catch {
    // Response.redirect() has immutable headers; those responses go without the id.
  }
  return response;
}
