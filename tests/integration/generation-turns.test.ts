// Every turn settles, whatever stopped its stream: the admission records it with a lease, the live
// stream checkpoints it, and once the lease runs out the sweeper settles it `interrupted` with the
// checkpointed text, giving the unit back when there is none. The history cap removes settled
// outputs only.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { conversationNode, outputRecord, promptBlueprint, usageEvent } from "@/server/db/schema";
import { admitDraft, admitFollowUp, checkpointTurn, HISTORY_CAP, settleTurn, sweepExpiredTurns } from "@/server/generation/turns";
import { testConfig } from "../support/context";
import { needsRealPostgres, type TestDatabase, withAnotherHandle } from "../support/db";
import { signIn, usedToday, withGenerationFixture } from "../support/generation";

let t: TestDatabase;
withGenerationFixture((database) => {
  t = database;
});

const T0 = new Date("2026-07-01T12:00:00.000Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function someone() {
  const { identity } = await signIn(t.db, testConfig(), T0);
  return identity.id;
}

async function blueprintId(): Promise<string> {
  const [row] = await t.db.select({ id: promptBlueprint.id }).from(promptBlueprint).limit(1);
  return row!.id;
}

async function admitted(identityId: string, options: { outputId?: string; now?: Date; followUp?: boolean } = {}) {
  const turn = {
    turnId: randomUUID(),
    outputId: options.outputId ?? randomUUID(),
    identityId,
    tier: "PRO",
    blueprintId: await blueprintId(),
    model: "gpt",
    providerModel: "gpt-4o",
    userText: options.followUp ? "Shorter, please" : "A brief\nwith a second line",
    dailyLimit: -1,
    rateLimit: [],
    now: options.now ?? T0,
    leaseSeconds: 30,
  };
  const used = options.followUp ? await admitFollowUp(t.db, turn) : await admitDraft(t.db, turn);
  expect(used).not.toBeNull();
  return turn;
}

const eventOf = async (turnId: string) => (await t.db.select().from(usageEvent).where(eq(usageEvent.id, turnId)))[0];
const outputOf = async (outputId: string) => (await t.db.select().from(outputRecord).where(eq(outputRecord.id, outputId)))[0];
const nodesOf = (outputId: string) =>
  t.db
    .select({
      role: conversationNode.role,
      content: conversationNode.content,
      status: conversationNode.status,
      errorCode: conversationNode.errorCode,
    })
    .from(conversationNode)
    .where(eq(conversationNode.outputId, outputId))
    .orderBy(conversationNode.id);

describe("a turn is recorded at admission", () => {
  it("a new draft: the streaming output titled after the brief, its two nodes, and a ledger event with a lease", async () => {
    const id = await someone();
    const turn = await admitted(id);
    expect(await outputOf(turn.outputId)).toMatchObject({ status: "streaming", title: "A brief" });
    expect(await nodesOf(turn.outputId)).toEqual([
      { role: "user", content: "A brief\nwith a second line", status: "complete", errorCode: null },
      { role: "assistant", content: "", status: "streaming", errorCode: null },
    ]);
    expect(await eventOf(turn.turnId)).toMatchObject({
      identityId: id,
      outputId: turn.outputId,
      kind: "draft",
      tier: "PRO",
      model: "gpt",
      status: "streaming",
      unitDay: "2026-07-01",
      leaseExpiresAt: later(30),
    });
  });

  it("a follow-up the same way, on the output it continues", async () => {
    const id = await someone();
    const draft = await admitted(id);
    await settleTurn(t.db, { turnId: draft.turnId, status: "complete", text: "First answer", now: later(2) });
    const followUp = await admitted(id, { outputId: draft.outputId, followUp: true, now: later(5) });
    expect((await nodesOf(draft.outputId)).map((n) => [n.role, n.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "streaming"],
    ]);
    expect(await eventOf(followUp.turnId)).toMatchObject({ kind: "follow_up", status: "streaming" });
  });

  it("a follow-up on someone else's output is not admitted", async () => {
    const owner = await someone();
    const draft = await admitted(owner);
    const stranger = await someone();
    await admitFollowUp(t.db, { ...draft, turnId: randomUUID(), identityId: stranger, userText: "mine now" });
    expect(await nodesOf(draft.outputId)).toHaveLength(2);
  });
});

describe("the live stream keeps its turn", () => {
  it("a heartbeat renews the lease and stores the text so far; once settled, it reports the turn gone", async () => {
    const id = await someone();
    const turn = await admitted(id);
    expect(await checkpointTurn(t.db, turn.turnId, later(40), "Half a dr")).toBe(true);
    expect(await eventOf(turn.turnId)).toMatchObject({ leaseExpiresAt: later(40) });
    expect((await nodesOf(turn.outputId))[1]).toMatchObject({ content: "Half a dr", status: "streaming" });
    expect(await checkpointTurn(t.db, turn.turnId, later(50))).toBe(true);
    expect((await nodesOf(turn.outputId))[1]?.content).toBe("Half a dr");
    await settleTurn(t.db, { turnId: turn.turnId, status: "complete", text: "Half a draft, done.", now: later(45) });
    expect(await checkpointTurn(t.db, turn.turnId, later(60), "stale")).toBe(false);
    expect((await nodesOf(turn.outputId))[1]).toMatchObject({ content: "Half a draft, done.", status: "complete" });
  });

  it("a finished turn is settled with its outcome, usage and times in the ledger", async () => {
    const id = await someone();
    const turn = await admitted(id);
    const settled = await settleTurn(t.db, {
      turnId: turn.turnId,
      status: "complete",
      text: "All done",
      usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52 },
      ttftMs: 420,
      now: later(3),
    });
    expect(settled).toBe(true);
    expect(await eventOf(turn.turnId)).toMatchObject({
      status: "complete",
      inputTokens: 40,
      outputTokens: 12,
      ttftMs: 420,
      durationMs: 3000,
      finishedAt: later(3),
      leaseExpiresAt: null,
      unitRefunded: false,
    });
    expect(await outputOf(turn.outputId)).toMatchObject({ status: "complete", totalTokens: 52, finishedAt: later(3) });
  });
});

describe("the sweeper settles what nobody settled", () => {
  it("a stream that stopped (the process died) is settled interrupted with its checkpointed text; the unit is kept", async () => {
    const id = await someone();
    const turn = await admitted(id);
    await checkpointTurn(t.db, turn.turnId, later(35), "What was written before the crash");
    await sweepExpiredTurns(t.db, later(34));
    expect(await eventOf(turn.turnId)).toMatchObject({ status: "streaming" }); // the renewed lease still holds
    expect(await sweepExpiredTurns(t.db, later(36))).toBeGreaterThanOrEqual(1);
    expect(await outputOf(turn.outputId)).toMatchObject({ status: "failed", errorCode: "interrupted", finishedAt: later(36) });
    expect((await nodesOf(turn.outputId))[1]).toMatchObject({
      content: "What was written before the crash",
      status: "failed",
      errorCode: "interrupted",
    });
    expect(await eventOf(turn.turnId)).toMatchObject({
      status: "failed",
      errorCode: "interrupted",
      unitRefunded: false,
      leaseExpiresAt: null,
    });
  });

  it("an admission whose answer was lost (no stream ever ran) is settled and its unit given back", async () => {
    const id = await someone();
    const turn = await admitted(id);
    expect(await usedToday(t.db, id, T0)).toBe(1);
    await sweepExpiredTurns(t.db, later(31));
    expect(await usedToday(t.db, id, T0)).toBe(0);
    expect(await eventOf(turn.turnId)).toMatchObject({ status: "failed", errorCode: "interrupted", unitRefunded: true });
    expect(await outputOf(turn.outputId)).toMatchObject({ status: "failed", errorCode: "interrupted" });
    expect(await nodesOf(turn.outputId)).toEqual([expect.objectContaining({ role: "user" })]);
  });

  it("an interrupted follow-up with nothing produced leaves no nodes and gives its unit back; the draft stays as it was", async () => {
    const id = await someone();
    const draft = await admitted(id);
    await settleTurn(t.db, { turnId: draft.turnId, status: "complete", text: "First answer", now: later(1) });
    const followUp = await admitted(id, { outputId: draft.outputId, followUp: true, now: later(2) });
    expect(await usedToday(t.db, id, T0)).toBe(2);
    await sweepExpiredTurns(t.db, later(40));
    expect((await nodesOf(draft.outputId)).map((n) => n.content)).toEqual(["A brief\nwith a second line", "First answer"]);
    expect(await outputOf(draft.outputId)).toMatchObject({ status: "complete" });
    expect(await eventOf(followUp.turnId)).toMatchObject({ status: "failed", errorCode: "interrupted", unitRefunded: true });
    expect(await usedToday(t.db, id, T0)).toBe(1);
  });

  it("a final save that arrives after the sweeper changes nothing (settled exactly once)", async () => {
    const id = await someone();
    const turn = await admitted(id);
    await sweepExpiredTurns(t.db, later(31));
    expect(await settleTurn(t.db, { turnId: turn.turnId, status: "failed", text: "", now: later(32) })).toBe(false);
    expect(await usedToday(t.db, id, T0)).toBe(0);
  });
});

describe.skipIf(needsRealPostgres("two sweepers at once"))("two instances sweeping at once", () => {
  const second = withAnotherHandle(() => t);
  it("each expired turn is settled once and each unit given back once", async () => {
    const id = await someone();
    const turns = [];
    for (let i = 0; i < 12; i++) turns.push(await admitted(id));
    expect(await usedToday(t.db, id, T0)).toBe(12);
    const [a, b] = await Promise.all([sweepExpiredTurns(t.db, later(31), 5), sweepExpiredTurns(second().db as Db, later(31), 5)]);
    let rest = 0;
    for (let n = await sweepExpiredTurns(t.db, later(31)); n > 0; n = await sweepExpiredTurns(t.db, later(31))) rest += n;
    expect(a + b + rest).toBeGreaterThanOrEqual(12);
    expect(await usedToday(t.db, id, T0)).toBe(0);
    for (const turn of turns) expect(await eventOf(turn.turnId)).toMatchObject({ status: "failed", unitRefunded: true });
  });
});

describe("the history cap", () => {
  it("keeps the newest 20 and never removes an output that is streaming or being followed up", async () => {
    const id = await someone();
    const first = await admitted(id, { now: later(0) }); // still streaming
    const second = await admitted(id, { now: later(1) });
    await settleTurn(t.db, { turnId: second.turnId, status: "complete", text: "Two", now: later(1) });
    const followUp = await admitted(id, { outputId: second.outputId, followUp: true, now: later(2) }); // being followed up
    const third = await admitted(id, { now: later(3) });
    await settleTurn(t.db, { turnId: third.turnId, status: "complete", text: "Three", now: later(3) });
    for (let i = 0; i < HISTORY_CAP; i++) {
      const next = await admitted(id, { now: later(10 + i) });
      await settleTurn(t.db, { turnId: next.turnId, status: "complete", text: `Draft ${i}`, now: later(10 + i) });
    }
    const kept = (await t.db.select({ id: outputRecord.id }).from(outputRecord).where(eq(outputRecord.userId, id))).map((r) => r.id);
    expect(kept).toContain(first.outputId);
    expect(kept).toContain(second.outputId);
    expect(kept).not.toContain(third.outputId);
    // Once they settle, the next draft's cap takes them too.
    await settleTurn(t.db, { turnId: first.turnId, status: "complete", text: "One", now: later(40) });
    await settleTurn(t.db, { turnId: followUp.turnId, status: "complete", text: "Two, shorter", now: later(40) });
    const last = await admitted(id, { now: later(50) });
    await settleTurn(t.db, { turnId: last.turnId, status: "complete", text: "Last", now: later(50) });
    const after = (await t.db.select({ id: outputRecord.id }).from(outputRecord).where(eq(outputRecord.userId, id))).map((r) => r.id);
    expect(after).toHaveLength(HISTORY_CAP);
    expect(after).not.toContain(first.outputId);
    expect(after).not.toContain(second.outputId);
    // The ledger outlives the cap.
    expect(await eventOf(first.turnId)).toMatchObject({ status: "complete" });
  });
});
