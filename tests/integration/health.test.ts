import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { setAppContext } from "@/server/context";
import { openDatabase } from "@/server/db/client";
import { installTestContext } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => setAppContext(undefined));

describe("GET /api/health", () => {
  it("answers 200 with db ok when the database answers", async () => {
    installTestContext(t);
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 in the JSON error shape when the database is unreachable, without its address", async () => {
    const unreachable = await openDatabase({ url: "postgres://postgres@127.0.0.1:1/nowhere", connectTimeoutMs: 1000 });
    try {
      installTestContext(unreachable);
      const res = await GET();
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.error.code).toBe("unavailable:database");
      expect(body.error.message).toMatch(/database is not reachable/);
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|at .*\.ts/);
    } finally {
      await unreachable.close();
    }
  });
});
