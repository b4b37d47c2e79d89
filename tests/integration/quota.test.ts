// The daily quota statement on its own: limits of 0 and -1, refunds, UTC days, and what the
// pages read (usageToday).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reserveUnit } from "@/server/access/admission";
import { nextUtcMidnight, usageToday } from "@/server/access/quota";
import { promptBlueprint } from "@/server/db/schema";
import { admitDraft, settleTurn } from "@/server/generation/turns";
import { testConfig } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { grantPro, setUsedToday, signIn, usedToday } from "../support/generation";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const now = new Date("2026-06-15T13:30:00.000Z");

describe("reserving a unit of the daily limit", () => {
  it("reserves up to the limit and then refuses without changing the count", async () => {
    const { identity } = await signIn(t.db, testConfig());
    const counts = [];
    for (let i = 0; i < 4; i++) counts.push(await reserveUnit(t.db, identity.id, 3, now));
    expect(counts).toEqual([1, 2, 3, null]);
    expect(await usedToday(t.db, identity.id, now)).toBe(3);
  });

  it("a limit of 0 refuses the first unit and writes nothing", async () => {
    const { identity } = await signIn(t.db, testConfig());
    expect(await reserveUnit(t.db, identity.id, 0, now)).toBeNull();
    expect(await usedToday(t.db, identity.id, now)).toBe(0);
  });

  it("a limit of -1 is unlimited and still counts", async () => {
    const { identity } = await signIn(t.db, testConfig());
    for (let i = 0; i < 12; i++) await reserveUnit(t.db, identity.id, -1, now);
    expect(await usedToday(t.db, identity.id, now)).toBe(12);
  });

  it("a generation that fails before any output gives its unit back, and the count never goes below zero", async () => {
    const { identity } = await signIn(t.db, testConfig());
    const [blueprint] = await t.db.select({ id: promptBlueprint.id }).from(promptBlueprint).limit(1);
    const admit = (turnId: string) =>
      admitDraft(t.db, {
        turnId,
        outputId: crypto.randomUUID(),
        identityId: identity.id,
        tier: "FREE",
        blueprintId: blueprint!.id,
        model: "gpt",
        providerModel: "gpt-4o",
        userText: "Brief",
        dailyLimit: 5,
        rateLimit: [],
        now,
        leaseSeconds: 30,
      });
    const failedEmpty = (turnId: string) => settleTurn(t.db, { turnId, status: "failed", errorCode: "provider_down", text: "", now });
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
    expect(await admit(first)).toBe(1);
    expect(await admit(second)).toBe(2);
    expect(await failedEmpty(first)).toBe(true);
    expect(await usedToday(t.db, identity.id, now)).toBe(1);
    // Said twice (a retried save), the refund is given once.
    expect(await failedEmpty(first)).toBe(false);
    expect(await usedToday(t.db, identity.id, now)).toBe(1);
    // Say the count was already back at zero (an operator's correction): the refund stops there.
    await setUsedToday(t.db, identity.id, 0, now);
    await failedEmpty(second);
    expect(await usedToday(t.db, identity.id, now)).toBe(0);
  });

  it("days are UTC days: 23:59:59Z and 00:00:00Z count on different days", async () => {
    const { identity } = await signIn(t.db, testConfig());
    const late = new Date("2026-06-15T23:59:59.000Z");
    const early = new Date("2026-06-16T00:00:00.000Z");
    expect(await reserveUnit(t.db, identity.id, 1, late)).toBe(1);
    expect(await reserveUnit(t.db, identity.id, 1, late)).toBeNull();
    expect(await reserveUnit(t.db, identity.id, 1, early)).toBe(1);
    expect(nextUtcMidnight(late).toISOString()).toBe("2026-06-16T00:00:00.000Z");
  });
});

describe("usage today, as the pages show it", () => {
  it("FREE: used, limit, remaining and the reset time", async () => {
    const { identity } = await signIn(t.db, testConfig());
    await reserveUnit(t.db, identity.id, 5, now);
    await reserveUnit(t.db, identity.id, 5, now);
    expect(await usageToday(t.db, identity.id, now)).toEqual({
      tier: "FREE",
      limit: 5,
      used: 2,
      remaining: 3,
      resetsAt: "2026-06-16T00:00:00.000Z",
    });
  });

  it("PRO: unlimited (limit and remaining are null)", async () => {
    const { identity } = await signIn(t.db, testConfig());
    await grantPro(t.db, identity.id);
    await reserveUnit(t.db, identity.id, -1, now);
    expect(await usageToday(t.db, identity.id, now)).toMatchObject({ tier: "PRO", limit: null, used: 1, remaining: null });
  });
});
