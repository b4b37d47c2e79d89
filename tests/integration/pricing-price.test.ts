// The pricing page's PRO price line: Whop's own plan (through the real @whop/sdk client, against a
// local server speaking Whop's GET /plans/{id}) when WHOP_API_KEY is set, cached; else
// PRO_PRICE_LABEL; else no line. A failing or silent Whop never breaks the page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clearProPriceCache, FAILURE_TTL_MS, formatPlanPrice, PRICE_TTL_MS, proPrice } from "@/server/catalog/pro-price";
import { testConfig } from "../support/context";

interface Reply {
  status: number;
  body?: unknown;
  stallMs?: number;
}

let server: Server;
let baseUrl = "";
let reply: Reply = { status: 200 };
const requests: { path: string; authorization?: string }[] = [];

const plan = (overrides: Record<string, unknown> = {}) => ({
  id: "plan_pro",
  adaptive_pricing_enabled: false,
  billing_period: 30,
  currency: "usd",
  expiration_days: null,
  initial_price: 0,
  plan_type: "renewal",
  release_method: "buy_now",
  renewal_price: 19,
  three_ds_level: null,
  trial_period_days: null,
  visibility: "visible",
  ...overrides,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? "", authorization: req.headers.authorization });
    const { status, body, stallMs } = reply;
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body ?? { error: { message: "boom" } }));
    }, stallMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  clearProPriceCache();
  requests.length = 0;
  reply = { status: 200 };
});

const withWhop = (env: Record<string, string> = {}) =>
  testConfig({ WHOP_API_KEY: "whop_test_key_0123456789", WHOP_API_BASE_URL: baseUrl, WHOP_PRO_PLAN_IDS: "plan_pro,plan_other", ...env });

describe("the PRO price line", () => {
  it("with WHOP_API_KEY it is the first PRO plan's price from Whop, kept for ten minutes", async () => {
    reply = { status: 200, body: plan() };
    let now = 1_000_000;
    const config = withWhop({ PRO_PRICE_LABEL: "$99/month" });
    expect(await proPrice(config, { now: () => now })).toEqual({ label: "$19 / month", source: "whop" });
    expect(requests).toEqual([{ path: "/api/v1/plans/plan_pro", authorization: "Bearer whop_test_key_0123456789" }]);

    now += PRICE_TTL_MS - 1;
    await proPrice(config, { now: () => now });
    expect(requests).toHaveLength(1);
    reply = { status: 200, body: plan({ renewal_price: 24.5 }) };
    now += 2;
    expect(await proPrice(config, { now: () => now })).toEqual({ label: "$24.50 / month", source: "whop" });
    expect(requests).toHaveLength(2);
  });

  it("concurrent page views share one Whop call", async () => {
    reply = { status: 200, body: plan(), stallMs: 50 };
    const config = withWhop();
    const prices = await Promise.all(Array.from({ length: 5 }, () => proPrice(config)));
    expect(new Set(prices.map((p) => p?.label))).toEqual(new Set(["$19 / month"]));
    expect(requests).toHaveLength(1);
  });

  it("a Whop error falls back to PRO_PRICE_LABEL (or no line) and is retried after a minute, not on every view", async () => {
    reply = { status: 500 };
    let now = 5_000_000;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await proPrice(withWhop({ PRO_PRICE_LABEL: "$19/month" }), { now: () => now })).toEqual({
      label: "$19/month",
      source: "config",
    });
    expect(warn).toHaveBeenCalled();
    expect(String(warn.mock.calls[0]?.[0])).not.toContain("whop_test_key_0123456789");
    expect(await proPrice(withWhop({ PRO_PRICE_LABEL: "$19/month" }), { now: () => now + 1000 })).toEqual({
      label: "$19/month",
      source: "config",
    });
    expect(requests).toHaveLength(1);
    reply = { status: 200, body: plan() };
    now += FAILURE_TTL_MS + 1;
    expect(await proPrice(withWhop({ PRO_PRICE_LABEL: "$19/month" }), { now: () => now })).toEqual({
      label: "$19 / month",
      source: "whop",
    });

    clearProPriceCache();
    reply = { status: 404 };
    expect(await proPrice(withWhop())).toBeNull();
  });

  it("a plan in an unexpected shape, or a Whop that does not answer within 3 s, falls back", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    reply = { status: 200, body: { id: "plan_pro", renewal_price: "nineteen" } };
    expect(await proPrice(withWhop({ PRO_PRICE_LABEL: "$19/month" }))).toEqual({ label: "$19/month", source: "config" });
    clearProPriceCache();
    reply = { status: 200, body: plan(), stallMs: 10_000 };
    const started = Date.now();
    expect(await proPrice(withWhop({ PRO_PRICE_LABEL: "$19/month" }))).toEqual({ label: "$19/month", source: "config" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("without WHOP_API_KEY: PRO_PRICE_LABEL, else no price line; Whop is not called", async () => {
    expect(await proPrice(testConfig({ PRO_PRICE_LABEL: "€15 a month" }))).toEqual({ label: "€15 a month", source: "config" });
    expect(await proPrice(testConfig())).toBeNull();
    expect(requests).toEqual([]);
  });

  it("words the usual plan shapes plainly", () => {
    expect(formatPlanPrice(plan({ renewal_price: 190, billing_period: 365 }))).toBe("$190 / year");
    expect(formatPlanPrice(plan({ renewal_price: 9.99, billing_period: 7, currency: "eur" }))).toBe("€9.99 / week");
    expect(formatPlanPrice(plan({ trial_period_days: 7 }))).toBe("$19 / month after a 7-day free trial");
    expect(formatPlanPrice(plan({ initial_price: 5 }))).toBe("$19 / month + $5 to join");
    expect(formatPlanPrice(plan({ plan_type: "one_time", billing_period: null, initial_price: 49, renewal_price: 0 }))).toBe("$49 once");
    expect(formatPlanPrice(plan({ billing_period: 14 }))).toBe("$19 / 14 days");
  });
});
