// Wrappers that give every route handler the same preamble: the app context, a request id, the
// same-origin check on state-changing requests (request-guards.ts), the signed-in identity where
// required, the security headers, and one mapping of errors to responses.
import { requireIdentity } from "./auth/current";
import type { SessionData } from "./auth/session";
import { type AppContext, getAppContext } from "./context";
import type { AppIdentity } from "./db/schema";
import { toErrorResponse, withSecurityHeaders } from "./http";
import { assertSameOrigin, requestIdOf } from "./request-guards";

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

export interface RouteOptions {
  /**
   * Server-to-server routes that prove their caller otherwise (a signed webhook, the cron's bearer
   * token) and so take state-changing requests from anywhere. Every other route refuses them
   * unless they come from the app's own origin.
   */
  crossOrigin?: "signed" | "bearer";
}

export function route<P = Record<string, never>>(
  name: string,
  handler: (args: RouteArgs<P>) => Promise<Response>,
  options: RouteOptions = {},
) {
  return async (request: Request, context?: NextRouteContext<P>): Promise<Response> => {
    const requestId = requestIdOf(request);
    let config: AppContext["config"] | undefined;
    try {
      const ctx = await getAppContext();
      config = ctx.config;
      if (!options.crossOrigin) assertSameOrigin(ctx.config, request);
      const params = ((await context?.params) ?? {}) as P;
      return tagged(await handler({ request, ctx, requestId, params }), requestId, config);
    } catch (error) {
      return tagged(toErrorResponse(error, { requestId, route: name }), requestId, config);
    }
  };
}

export function authedRoute<P = Record<string, never>>(name: string, handler: (args: AuthedRouteArgs<P>) => Promise<Response>) {
  return route<P>(name, async (args) => {
    const { identity, session } = await requireIdentity(args.ctx, args.request);
    return handler({ ...args, identity, session });
  });
}

function tagged(response: Response, requestId: string, config: AppContext["config"] | undefined): Response {
  try {
    response.headers.set("x-request-id", requestId);
    withSecurityHeaders(response.headers, config);
  } catch {
    // Response.redirect() has immutable headers; those responses go without them.
  }
  return response;
}
