// The Whop REST client (@whop/sdk) built from config. Callers take it as a parameter so tests can
// point it at a local server that speaks Whop's API; nothing here reads the environment.
import Whop, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@whop/sdk";
import { z } from "zod";
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

/**
 * One listing page as Whop documents it. Checked here rather than through the SDK's page class,
 * which reads a page without `data` as empty and a page without a cursor as the last one: both
 * would make reconciliation treat a broken listing as the truth.
 */
const ListingPageSchema = z.looseObject({
  data: z.array(z.unknown()).optional(),
  page_info: z.looseObject({ end_cursor: z.string().nullish(), has_next_page: z.boolean().optional() }).optional(),
});

/** A listing that cannot be trusted as complete: nothing may be corrected from it. */
export class UntrustedListingError extends Error {
  override name = "UntrustedListingError";
  constructor(page: number, problem: string) {
    super(`Whop's membership listing cannot be trusted: page ${page} ${problem}. Nothing was changed.`);
  }
}

/**
 * Every page of the list, read before anything is applied, following `page_info` as Whop documents
 * it. A malformed item, a page without `data` or `page_info`, or more pages announced without a new
 * cursor to them fails the whole read.
 */
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
  const cursors = new Set<string>();
  let after: string | undefined;
  for (let page = 1; ; page++) {
    const body = ListingPageSchema.safeParse(await client.get<unknown>("/memberships", { query: after ? { ...params, after } : params }));
    if (!body.success) throw new UntrustedListingError(page, "is not a listing page");
    const { data, page_info: info } = body.data;
    if (!data) throw new UntrustedListingError(page, "has no data");
    if (!info || info.has_next_page === undefined)
      throw new UntrustedListingError(page, "has no page_info saying whether more pages follow");
    for (const item of data) {
      const parsed = WhopMembershipSchema.safeParse(item);
      if (!parsed.success) throw new Error("The Whop API returned a membership in an unexpected shape.");
      out.push(toMembershipState(parsed.data));
    }
    if (!info.has_next_page) return out;
    if (!info.end_cursor) throw new UntrustedListingError(page, "says more pages follow but gives no cursor to them");
    if (cursors.has(info.end_cursor)) throw new UntrustedListingError(page, "repeats the cursor of an earlier page");
    cursors.add(info.end_cursor);
    after = info.end_cursor;
  }
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
