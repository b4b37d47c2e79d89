// Exact daily limits under concurrency: the reservation is one atomic statement, so 30 simultaneous
// generations from a FREE user with 5 left yield exactly 5 streams, on one instance or two.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/generate/route";
import type { AppContext } from "@/server/context";
import { outputRecord } from "@/server/db/schema";
import { startGeneration } from "@/server/generation/generate";
import { toErrorResponse } from "@/server/http";
import type { ProviderServer } from "../../devkit/providers/server";
import { needsRealPostgres, type TestDatabase, withAnotherHandle } from "../support/db";
import {
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  setUsedToday,
  signIn,
  usedToday,
  withGenerationFixture,
} from "../support/generation";

let t: TestDatabase;
let provider: ProviderServer;
withGenerationFixture(
  (database, server) => {
    t = database;
    provider = server;
  },
  { chunks: ["One ", "two ", "three."], chunkDelayMs: 5 },
);

const body = { blueprintSlug: "cold-email", userInput: "Write to Ada at Example Corp.", model: "gpt" };

async function outcome(response: Response): Promise<number> {
  if (response.status === 200) {
    const read = await readUIStream(response);
    expect(read.text).toBe("One two three.");
  }
  return response.status;
}

function tally(statuses: number[]) {
  return { streamed: statuses.filter((s) => s === 200).length, refused: statuses.filter((s) => s === 429).length };
}

describe("30 simultaneous generations from one FREE user with 5 left", () => {
  it("on one app instance: exactly 5 stream, 25 are refused, the counter reads 5", async () => {
    // The rate limit is raised (config) so only the daily limit decides.
    const config = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "1000" });
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    const responses = await Promise.all(Array.from({ length: 30 }, () => POST(postJson("/api/generate", body, { cookie: user.cookie }))));
    const statuses = await Promise.all(responses.map(outcome));
    expect(tally(statuses)).toEqual({ streamed: 5, refused: 25 });
    expect(await usedToday(t.db, user.identity.id)).toBe(5);
    const outputs = await t.db.select().from(outputRecord).where(eq(outputRecord.userId, user.identity.id));
    expect(outputs.map((o) => o.status)).toEqual(Array(5).fill("complete"));
  });

  it("with 2 of 5 already used, 30 at once yield exactly 3", async () => {
    const config = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "1000" });
    installGenerationContext(t, config);
    const user = await signIn(t.db, config);
    await setUsedToday(t.db, user.identity.id, 2);
    const responses = await Promise.all(Array.from({ length: 30 }, () => POST(postJson("/api/generate", body, { cookie: user.cookie }))));
    expect(tally(await Promise.all(responses.map(outcome)))).toEqual({ streamed: 3, refused: 27 });
    expect(await usedToday(t.db, user.identity.id)).toBe(5);
  });
});

describe.skipIf(needsRealPostgres("daily limit across two app instances"))("across two app instances (two connection pools)", () => {
  const secondHandle = withAnotherHandle(() => t);

  it("30 requests split over both instances: exactly 5 stream and the counter reads 5", async () => {
    const config = providerConfig(provider.url, { RATE_LIMIT_PER_MINUTE: "1000" });
    const first = installGenerationContext(t, config);
    const second = secondHandle();
    const other: AppContext = { ...first, database: second, db: second.db };
    const user = await signIn(t.db, config);
    const call = (ctx: AppContext, i: number) =>
      startGeneration({ ctx, request: postJson("/api/generate", body, { cookie: user.cookie }), requestId: `req-${i}` }, body).catch(
        (error) => toErrorResponse(error),
      );
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i % 2 === 0 ? first : other, i)));
    expect(tally(await Promise.all(responses.map(outcome)))).toEqual({ streamed: 5, refused: 25 });
    expect(await usedToday(t.db, user.identity.id)).toBe(5);
  });
});
