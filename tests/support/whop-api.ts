// Whop as the tests see it: a local HTTP server speaking Whop's v1 REST API for what billing uses
// (GET /memberships with filters and cursor pagination, POST /checkout_configurations), and
// membership events signed by the `standardwebhooks` reference library, exactly as Whop signs them.
// Listings can be made to fail, to arrive malformed or truncated, or to arrive slowly.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { type Envelope, EnvelopeSchema } from "@/server/billing/events";

export interface MembershipFixture {
  id: string;
  userId: string;
  planId: string;
  productId: string;
  status: string;
  updatedAt: Date;
  email?: string;
  cancelAtPeriodEnd?: boolean;
  renewsAt?: Date | null;
}

/** A membership object shaped like Whop's (the fields our code reads and a realistic rest). */
export function membershipObject(m: MembershipFixture): Record<string, unknown> {
  return {
    id: m.id,
    status: m.status,
    cancel_at_period_end: m.cancelAtPeriodEnd ?? false,
    cancel_option: null,
    canceled_at: null,
    cancellation_reason: null,
    checkout_configuration_id: null,
    company: { id: "biz_test", title: "Test Co" },
    created_at: "2026-01-01T00:00:00.000Z",
    currency: "usd",
    joined_at: null,
    license_key: null,
    manage_url: null,
    member: { id: `mber_${m.userId}` },
    metadata: {},
    payment_collection_paused: false,
    plan: { id: m.planId, metadata: null },
    product: { id: m.productId, title: "AI SSA PRO", metadata: null },
    promo_code: null,
    renewal_period_end: m.renewsAt === null ? null : (m.renewsAt ?? new Date("2026-12-31T00:00:00Z")).toISOString(),
    renewal_period_start: null,
    updated_at: m.updatedAt.toISOString(),
    user: { id: m.userId, email: m.email ?? null, name: null, username: m.userId.replace(/^user_/, "") },
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body?: unknown;
}

/**
 * What a listing page can get wrong: `without_data` drops the `data` array, `without_page_info`
 * drops `page_info`, `without_cursor` says there is a next page but names no cursor to it.
 */
export type PageFault = "without_data" | "without_page_info" | "without_cursor";

export interface FakeWhopApi {
  /** Base URL to use as WHOP_API_BASE_URL. */
  baseUrl: string;
  memberships: MembershipFixture[];
  pageSize: number;
  /** Page number (1-based) → HTTP status to answer instead of the page. */
  failPages: Map<number, number>;
  /** Page number (1-based) → how that page is malformed. */
  pageFaults: Map<number, PageFault>;
  /** Milliseconds each listing page takes before it answers (0: at once). */
  pageDelayMs: number;
  /** Called when a listing page is requested, before it answers (1-based page number). */
  onPage: ((page: number) => void) | undefined;
  /** While set, each page waits for it before answering: a test keeps a run busy until it lets go. */
  hold: Promise<void> | undefined;
  requests: RecordedRequest[];
  /** Back to an empty Whop that answers at once, two memberships a page, with no faults. */
  reset(): void;
  close(): Promise<void>;
}

const cursorFor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");
const offsetOf = (cursor: string | null) => (cursor ? Number(Buffer.from(cursor, "base64url").toString().split(":")[1]) : 0);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

export async function startWhopApi(options: {
  apiKey: string;
  companyId: string;
  memberships?: MembershipFixture[];
}): Promise<FakeWhopApi> {
  const api = {
    memberships: options.memberships ?? [],
    pageSize: 2,
    failPages: new Map<number, number>(),
    pageFaults: new Map<number, PageFault>(),
    pageDelayMs: 0,
    onPage: undefined as ((page: number) => void) | undefined,
    hold: undefined as Promise<void> | undefined,
    requests: [] as RecordedRequest[],
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      query: url.searchParams,
      authorization: req.headers.authorization ?? null,
    };
    api.requests.push(recorded);
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return send(res, 401, { error: { type: "unauthorized", message: "Invalid API key" } });

    if (req.method === "GET" && path === "/memberships") {
      if (url.searchParams.get("company_id") !== options.companyId) return send(res, 400, { error: { message: "company_id is required" } });
      const list = (name: string) => url.searchParams.getAll(`${name}[]`);
      const [products, plans, statuses, users] = [list("product_ids"), list("plan_ids"), list("statuses"), list("user_ids")];
      const matching = api.memberships.filter(
        (m) =>
          (!products.length || products.includes(m.productId)) &&
          (!plans.length || plans.includes(m.planId)) &&
          (!statuses.length || statuses.includes(m.status)) &&
          (!users.length || users.includes(m.userId)),
      );
      const first = Number(url.searchParams.get("first") ?? "") || 25;
      const size = Math.min(first, api.pageSize);
      const offset = offsetOf(url.searchParams.get("after"));
      const page = Math.floor(offset / size) + 1;
      api.onPage?.(page);
      await api.hold;
      if (api.pageDelayMs) await new Promise((resolve) => setTimeout(resolve, api.pageDelayMs));
      const failure = api.failPages.get(page);
      if (failure) return send(res, failure, { error: { message: "Internal server error" } });
      const data = matching.slice(offset, offset + size);
      // Like Whop's GraphQL-backed pages: end_cursor names the last item even on the last page.
      const pageInfo = {
        end_cursor: data.length ? cursorFor(offset + data.length) : null,
        start_cursor: data.length ? cursorFor(offset) : null,
        has_next_page: offset + data.length < matching.length,
        has_previous_page: offset > 0,
      };
      const fault = api.pageFaults.get(page);
      if (fault === "without_data") return send(res, 200, { page_info: pageInfo });
      if (fault === "without_page_info") return send(res, 200, { data: data.map(membershipObject) });
      if (fault === "without_cursor")
        return send(res, 200, { data: data.map(membershipObject), page_info: { ...pageInfo, end_cursor: null, has_next_page: true } });
      return send(res, 200, { data: data.map(membershipObject), page_info: pageInfo });
    }

    if (req.method === "POST" && path === "/checkout_configurations") {
      const body = (await readJson(req)) as { plan_id?: string; metadata?: unknown; redirect_url?: string };
      recorded.body = body;
      const id = `ch_${randomBytes(6).toString("hex")}`;
      return send(res, 200, {
        id,
        account_id: options.companyId,
        mode: "payment",
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        metadata: body.metadata ?? null,
        plan: { id: body.plan_id },
        redirect_url: body.redirect_url ?? null,
        purchase_url: `https://whop.com/checkout/${body.plan_id}?session=${id}`,
      });
    }
    send(res, 404, { error: { message: "Not found" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(api, {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    reset() {
      Object.assign(api, { memberships: [], pageSize: 2, pageDelayMs: 0, onPage: undefined, hold: undefined, requests: [] });
      api.failPages.clear();
      api.pageFaults.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export interface SignedEvent {
  body: string;
  headers: Record<string, string>;
}

/** Signs a body with the standardwebhooks reference library, keyed as Whop's SDK keys it (btoa(secret)). */
export function signWithReferenceLibrary(secret: string, body: string, options: { msgId?: string; at?: Date } = {}): SignedEvent {
  const msgId = options.msgId ?? `msg_${randomBytes(8).toString("hex")}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(Buffer.from(secret).toString("base64")).sign(msgId, at, body);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
  };
}

/** A Whop event envelope around data. */
export function whopEvent(type: string, data: Record<string, unknown>, options: { id?: string; timestamp?: Date } = {}): string {
  return JSON.stringify({
    id: options.id ?? `msg_${randomBytes(8).toString("hex")}`,
    api_version: "v1",
    timestamp: (options.timestamp ?? new Date()).toISOString(),
    type,
    company_id: "biz_test",
    data,
  });
}

/** A Whop event as the webhook route hands it on to processEvent: the envelope, parsed. */
export function parsedWhopEvent(type: string, data: Record<string, unknown>): Envelope {
  return EnvelopeSchema.parse(JSON.parse(whopEvent(type, data)));
}

/** `membership.activated`, parsed: `whopId` bought `planId` just now, and the membership is active. */
export function parsedActivation(membershipId: string, whopId: string, planId: string): Envelope {
  return parsedWhopEvent(
    "membership.activated",
    membershipObject({ id: membershipId, userId: whopId, planId, productId: "prod_x", status: "active", updatedAt: new Date() }),
  );
}
