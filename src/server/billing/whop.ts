// The Whop REST client (@whop/sdk) built from config. Callers take it as a parameter so tests can
// point it at a local server that speaks Whop's API; nothing here reads the environment.
import Whop, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@whop/sdk";
import type { AppConfig } from "../config";
import { redact } from "../log";
import { type MembershipState, toMembershipState, WhopMembershipSchema } from "./membership";

export type WhopClient = Whop;

export interface WhopClientOptions {
  maxRetries?: number;
  timeoutMs?: number;
}

/** The client, or null when WHOP_API_KEY is not set (reconciliation and checkout configs need it). */
export function createWhopClient(config: AppConfig, options: WhopClientOptions = {}): WhopClient | null {
  if (!config.whop.apiKey) return null;
  return new Whop({
    apiKey: config.whop.apiKey,
    baseURL: config.whop.apiBaseUrl,
    // Explicit, so the SDK never falls back to its own environment variables.
    webhookKey: null,
    appID: null,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    logLevel: "off",
  });
}

export interface MembershipFilter {
  companyId?: string;
  productIds?: string[];
  planIds?: string[];
  userIds?: string[];
  statuses: string[];
}

type ListParams = NonNullable<Parameters<WhopClient["memberships"]["list"]>[0]>;

/** Every page of the list, read before anything is applied. A malformed item fails the whole read. */
export async function listMemberships(client: WhopClient, filter: MembershipFilter): Promise<MembershipState[]> {
  const params: ListParams = {
    first: 100,
    statuses: filter.statuses as ListParams["statuses"],
    ...(filter.companyId ? { company_id: filter.companyId } : {}),
    ...(filter.productIds?.length ? { product_ids: filter.productIds } : {}),
    ...(filter.planIds?.length ? { plan_ids: filter.planIds } : {}),
    ...(filter.userIds?.length ? { user_ids: filter.userIds } : {}),
  };
  const out: MembershipState[] = [];
  for await (const item of client.memberships.list(params)) {
    const parsed = WhopMembershipSchema.safeParse(item);
    if (!parsed.success) throw new Error("The Whop API returned a membership in an unexpected shape.");
    out.push(toMembershipState(parsed.data));
  }
  return out;
}

/** A one-line reason for a failed Whop call, safe for logs and the reconcile_run row. */
export function describeWhopFailure(error: unknown): string {
  if (error instanceof APIConnectionTimeoutError) return "The Whop API did not answer in time.";
  if (error instanceof APIConnectionError) return "The Whop API could not be reached.";
  if (error instanceof APIError) {
    if (error.status === 401) return "The Whop API refused the API key (401); check WHOP_API_KEY.";
    if (error.status === 403) return "The Whop API key lacks a permission this needs (403).";
    return `The Whop API answered ${error.status ?? "an error"}.`;
  }
  return redact(error instanceof Error ? error.message : String(error)).slice(0, 300);
}
