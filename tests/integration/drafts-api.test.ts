// A writer's drafts through the route handlers and the real database: rename, delete, search,
// export and share. Each is the owner's alone (someone else's id and an unknown id read as 404),
// and every change refuses a request from another site (403) and a body that is not JSON (415).
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { POST as generatePOST } from "@/app/api/generate/route";
import { GET as historyGET } from "@/app/api/history/route";
import { GET as exportGET } from "@/app/api/outputs/[id]/export/route";
import { DELETE, PATCH } from "@/app/api/outputs/[id]/route";
import { POST as sharePOST, DELETE as unshareDELETE } from "@/app/api/outputs/[id]/share/route";
import type { Db } from "@/server/db/client";
import { conversationNode, outputRecord, promptBlueprint } from "@/server/db/schema";
import { findSharedDraft } from "@/server/drafts/share";
import type { ProviderServer } from "../../devkit/providers/server";
import type { TestDatabase } from "../support/db";
import {
  BASE,
  getWith,
  grantPro,
  installGenerationContext,
  postJson,
  providerConfig,
  readUIStream,
  type SignedIn,
  signIn,
  withGenerationFixture,
} from "../support/generation";

let t: TestDatabase;
let provider: ProviderServer;
withGenerationFixture((database, server) => {
  t = database;
  provider = server;
});

const EVIL = "https://evil.example";

/** A draft as the generation pipeline leaves it: the brief, the reply, and any follow-ups. */
async function makeDraft(
  db: Db,
  userId: string,
  draft: {
    brief: string;
    reply?: string;
    title?: string;
    followUps?: [string, string][];
    status?: "complete" | "streaming" | "failed";
    at?: Date;
  },
): Promise<string> {
  const [blueprint] = await db
    .select({ id: promptBlueprint.id })
    .from(promptBlueprint)
    .where(eq(promptBlueprint.slug, "blog-post-outline"));
  const id = randomUUID();
  const at = draft.at ?? new Date();
  await db.insert(outputRecord).values({
    id,
    userId,
    blueprintId: blueprint!.id,
    prompt: draft.brief,
    title: draft.title ?? draft.brief.split("\n")[0]!.slice(0, 80),
    model: "gpt",
    providerModel: "gpt-4o",
    status: draft.status ?? "complete",
    createdAt: at,
  });
  const turns: [string, string][] = [[draft.brief, draft.reply ?? ""], ...(draft.followUps ?? [])];
  let ms = at.getTime();
  for (const [ask, answer] of turns) {
    await db.insert(conversationNode).values({ outputId: id, role: "user", content: ask, createdAt: new Date(ms++) });
    if (answer || draft.status === "streaming") {
      await db.insert(conversationNode).values({
        outputId: id,
        role: "assistant",
        content: answer,
        status: draft.status ?? "complete",
        model: "gpt",
        createdAt: new Date(ms++),
      });
    }
  }
  return id;
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

function send(method: string, path: string, user: SignedIn | null, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(user ? { cookie: user.cookie } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const rename = (user: SignedIn | null, id: string, title: unknown, headers: Record<string, string> = {}) =>
  PATCH(send("PATCH", `/api/outputs/${id}`, user, { title }, headers), params(id));
const remove = (user: SignedIn | null, id: string, headers: Record<string, string> = {}) =>
  DELETE(send("DELETE", `/api/outputs/${id}`, user, undefined, headers), params(id));
const share = (user: SignedIn | null, id: string, headers: Record<string, string> = {}) =>
  sharePOST(send("POST", `/api/outputs/${id}/share`, user, {}, headers), params(id));
const unshare = (user: SignedIn | null, id: string, headers: Record<string, string> = {}) =>
  unshareDELETE(send("DELETE", `/api/outputs/${id}/share`, user, undefined, headers), params(id));
const download = (user: SignedIn, id: string, query: string) =>
  exportGET(getWith(`/api/outputs/${id}/export?${query}`, user.cookie), params(id));

async function history(user: SignedIn, q?: string): Promise<{ id: string; title: string }[]> {
  const response = await historyGET(getWith(`/api/history${q === undefined ? "" : `?q=${encodeURIComponent(q)}`}`, user.cookie));
  expect(response.status).toBe(200);
  return (await response.json()).outputs;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

async function setup() {
  const config = providerConfig(provider.url);
  installGenerationContext(t, config);
  return { config, owner: await signIn(t.db, config), other: await signIn(t.db, config) };
}

async function titleOf(id: string): Promise<string | undefined> {
  const [row] = await t.db.select({ title: outputRecord.title }).from(outputRecord).where(eq(outputRecord.id, id));
  return row?.title;
}

describe("renaming a draft", () => {
  it("PATCH {title} renames the owner's draft and answers {id, title}; history shows the new title", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Launch week plan\nfor founders", reply: "# Subject line\n\nHi" });
    expect((await history(owner)).find((h) => h.id === id)?.title).toBe("Launch week plan");

    const response = await rename(owner, id, "  Launch   week, final  ", { origin: BASE });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, title: "Launch week, final" });
    expect((await history(owner)).find((h) => h.id === id)?.title).toBe("Launch week, final");
  });

  it("a title of 1 to 80 characters is accepted; empty or 81 characters is a 400 and changes nothing", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Original", reply: "Text" });
    expect((await rename(owner, id, "x".repeat(80))).status).toBe(200);
    expect((await rename(owner, id, "é".repeat(80))).status).toBe(200);
    for (const bad of ["", "   ", "y".repeat(81), 42, null]) {
      const response = await rename(owner, id, bad);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toMatch(/^bad_request:/);
    }
    expect(await titleOf(id)).toBe("é".repeat(80));
  });

  it("someone else's draft, an unknown id and a malformed id are 404, and nothing changes", async () => {
    const { owner, other } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Mine", reply: "Text" });
    for (const [user, target] of [
      [other, id],
      [owner, randomUUID()],
      [owner, "not-a-uuid"],
    ] as const) {
      const response = await rename(user, target, "Taken");
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe("not_found:output");
    }
    expect(await titleOf(id)).toBe("Mine");
  });

  it("a cross-origin request is 403, a body that is not application/json is 415, no session is 401", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Mine", reply: "Text" });
    const crossSite = await rename(owner, id, "Hijacked", { origin: EVIL });
    expect(crossSite.status).toBe(403);
    expect(await errorCode(crossSite)).toBe("forbidden:origin");
    expect((await rename(owner, id, "Hijacked", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    const form = await PATCH(
      send("PATCH", `/api/outputs/${id}`, owner, "title=Hijacked", { "content-type": "application/x-www-form-urlencoded" }),
      params(id),
    );
    expect(form.status).toBe(415);
    expect(await errorCode(form)).toBe("unsupported_media_type:body");
    expect((await rename(null, id, "Hijacked")).status).toBe(401);
    expect(await titleOf(id)).toBe("Mine");
  });
});

describe("deleting a draft", () => {
  it("DELETE removes the owner's draft and its thread (204); a second DELETE is 404", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Doomed", reply: "Text", followUps: [["Shorter", "Text."]] });
    const response = await remove(owner, id, { origin: BASE });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(await titleOf(id)).toBeUndefined();
    expect(await t.db.select().from(conversationNode).where(eq(conversationNode.outputId, id))).toHaveLength(0);
    expect((await history(owner)).map((h) => h.id)).not.toContain(id);
    expect((await remove(owner, id)).status).toBe(404);
  });

  it("someone else's draft is 404 and stays; a cross-origin DELETE is 403 and the draft stays", async () => {
    const { owner, other } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Keep me", reply: "Text" });
    expect((await remove(other, id)).status).toBe(404);
    expect((await remove(owner, randomUUID())).status).toBe(404);
    expect((await remove(owner, id, { origin: EVIL })).status).toBe(403);
    expect((await remove(null, id)).status).toBe(401);
    expect(await titleOf(id)).toBe("Keep me");
  });

  it("a draft still being written is not deleted under its stream (409)", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Writing", reply: "Half", status: "streaming" });
    const response = await remove(owner, id);
    expect(response.status).toBe(409);
    expect(await titleOf(id)).toBe("Writing");
  });

  it("deleting frees a history slot: with 20 drafts, delete one and the next draft keeps the other 19", async () => {
    const { owner } = await setup();
    await grantPro(t.db, owner.identity.id);
    const start = Date.now() - 3600_000;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(await makeDraft(t.db, owner.identity.id, { brief: `Draft ${i}`, reply: "Text", at: new Date(start + i * 1000) }));
    }
    expect((await remove(owner, ids[10]!)).status).toBe(204);
    const response = await generatePOST(
      postJson(
        "/api/generate",
        { blueprintSlug: "blog-post-outline", userInput: "The twenty-first", model: "gpt" },
        { cookie: owner.cookie },
      ),
    );
    expect(response.status).toBe(200);
    await readUIStream(response);
    const listed = (await history(owner)).map((h) => h.id);
    expect(listed).toHaveLength(20);
    expect(listed).toContain(ids[0]);
    expect(listed).not.toContain(ids[10]);
  });
});

describe("searching the history", () => {
  it("GET /api/history?q= finds the viewer's drafts by title, brief and text; every word must match", async () => {
    const { owner, other } = await setup();
    const byTitle = await makeDraft(t.db, owner.identity.id, { brief: "ignored", title: "Solar lantern launch", reply: "Copy" });
    const byBrief = await makeDraft(t.db, owner.identity.id, { brief: "A note to a podcast host\nabout our LANTERN", reply: "Hello" });
    const byText = await makeDraft(t.db, owner.identity.id, {
      brief: "Email",
      reply: "Intro",
      followUps: [["Refine", "The lantern ships in March to 400 beta users."]],
    });
    const neither = await makeDraft(t.db, owner.identity.id, { brief: "Unrelated", reply: "Nothing here" });
    await makeDraft(t.db, other.identity.id, { brief: "Their lantern", reply: "lantern" });

    const found = await history(owner, "lantern");
    expect(found.map((h) => h.id).sort()).toEqual([byTitle, byBrief, byText].sort());
    for (const item of found) expect(item).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String) }));
    expect((await history(owner, "LANTERN march")).map((h) => h.id)).toEqual([byText]);
    expect((await history(owner, "  podcast   lantern ")).map((h) => h.id)).toEqual([byBrief]);
    expect(await history(owner, "lantern nowhere")).toEqual([]);
    expect((await history(owner, "")).map((h) => h.id)).toContain(neither);
  });

  it("% and _ in a search are literal characters, not wildcards", async () => {
    const { owner } = await setup();
    const percent = await makeDraft(t.db, owner.identity.id, { brief: "Save 50% today", reply: "Text" });
    await makeDraft(t.db, owner.identity.id, { brief: "Save 500 today", reply: "Text" });
    expect((await history(owner, "50%")).map((h) => h.id)).toEqual([percent]);
    expect(await history(owner, "_ave")).toEqual([]);
  });

  it("a search over 200 characters is a 400", async () => {
    const { owner } = await setup();
    const response = await historyGET(getWith(`/api/history?q=${"a".repeat(201)}`, owner.cookie));
    expect(response.status).toBe(400);
  });
});

describe("exporting a draft", () => {
  it("Markdown, latest: the newest reply as text/markdown, an attachment named after the title", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, {
      brief: "Launch week: plan!",
      reply: "# First version",
      followUps: [["Shorter", "# Launch week plan\n\n- Ship small\n"]],
    });
    const response = await download(owner, id, "format=md&scope=latest");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="launch-week-plan.md"; filename*=UTF-8''Launch%20week%20plan!.md`,
    );
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(await response.text()).toBe("# Launch week plan\n\n- Ship small\n");
    // scope defaults to the latest draft
    expect(await (await download(owner, id, "format=md")).text()).toBe("# Launch week plan\n\n- Ship small\n");
  });

  it("Markdown, thread: every turn in order, the person's text as text, with the title on top", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, {
      brief: "# Not a heading\nSecond line",
      title: "Thread export",
      reply: "First reply",
      followUps: [["Make it *bold*", "Second reply"]],
    });
    const response = await download(owner, id, "format=md&scope=thread");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="thread-export-thread.md"; filename*=UTF-8''Thread%20export%20%28thread%29.md`,
    );
    const text = await response.text();
    expect(text.startsWith("# Thread export\n")).toBe(true);
    const order = ["\\# Not a heading", "First reply", "Make it \\*bold\\*", "Second reply"].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain("**You ·");
    expect(text).toContain("**GPT (gpt-4o) ·");
  });

  it("Word: a valid .docx whose word/document.xml holds the draft's text", async () => {
    const { owner } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, {
      brief: "Word export",
      reply: "# Launch week plan\n\n**Angle:** ship small.\n\n1. Why now\n2. Setup\n\n```bash\nnpm start\n```\n\n<b>raw</b>",
    });
    const response = await download(owner, id, "format=docx&scope=latest");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(response.headers.get("content-disposition")).toContain('filename="word-export.docx"');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["[Content_Types].xml", "word/document.xml", "word/numbering.xml"]));
    const xml = strFromU8(files["word/document.xml"]!);
    for (const text of ["Launch week plan", "ship small.", "Why now", "npm start", "&lt;b&gt;", "raw"]) expect(xml).toContain(text);
    expect(xml).toContain('w:val="Heading1"');

    const thread = await download(owner, id, "format=docx&scope=thread");
    expect(thread.headers.get("content-disposition")).toContain('filename="word-export-thread.docx"');
    expect(strFromU8(unzipSync(new Uint8Array(await thread.arrayBuffer()))["word/document.xml"]!)).toContain("Word export");
  });

  it("someone else's draft is 404; a bad format is 400; a draft with no text yet is 409", async () => {
    const { owner, other } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Private", reply: "Secret text" });
    expect((await download(other, id, "format=md")).status).toBe(404);
    expect((await download(owner, randomUUID(), "format=md")).status).toBe(404);
    expect((await download(owner, id, "format=pdf")).status).toBe(400);
    expect((await download(owner, id, "")).status).toBe(400);
    expect((await download(owner, id, "format=md&scope=all")).status).toBe(400);
    const empty = await makeDraft(t.db, owner.identity.id, { brief: "Nothing yet", reply: "", status: "failed" });
    expect((await download(owner, empty, "format=md")).status).toBe(409);
  });
});

describe("sharing a draft", () => {
  it("POST gives an absolute link on APP_URL with an unguessable token; the same link while shared; DELETE revokes it", async () => {
    const { owner, config } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Shared brief", reply: "First", followUps: [["More", "Latest text"]] });
    const response = await share(owner, id, { origin: BASE });
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    expect(url).toMatch(new RegExp(`^${config.appUrl}/s/[A-Za-z0-9_-]{32}$`));
    expect(((await (await share(owner, id)).json()) as { url: string }).url).toBe(url);

    const token = url.split("/s/")[1]!;
    const shared = await findSharedDraft(t.db, token);
    expect(shared).toMatchObject({ blueprintLabel: "Blog post outline", text: "Latest text" });
    expect(JSON.stringify(shared)).not.toContain(owner.identity.email);
    expect(JSON.stringify(shared)).not.toContain("Shared brief");

    const revoked = await unshare(owner, id, { origin: BASE });
    expect(revoked.status).toBe(204);
    expect(await findSharedDraft(t.db, token)).toBeNull();
    const [row] = await t.db.select({ token: outputRecord.shareToken }).from(outputRecord).where(eq(outputRecord.id, id));
    expect(row?.token).toBeNull();
    // Sharing again makes a new link; the old one stays dead.
    const again = ((await (await share(owner, id)).json()) as { url: string }).url;
    expect(again).not.toBe(url);
    expect(await findSharedDraft(t.db, token)).toBeNull();
  });

  it("someone else's draft is 404 both ways; cross-origin is 403; a non-JSON POST is 415; no text yet is 409", async () => {
    const { owner, other } = await setup();
    const id = await makeDraft(t.db, owner.identity.id, { brief: "Mine", reply: "Text" });
    expect((await share(other, id)).status).toBe(404);
    expect((await share(owner, randomUUID())).status).toBe(404);
    expect((await share(owner, id, { origin: EVIL })).status).toBe(403);
    const plain = await sharePOST(send("POST", `/api/outputs/${id}/share`, owner, "{}", { "content-type": "text/plain" }), params(id));
    expect(plain.status).toBe(415);
    const bare = await sharePOST(send("POST", `/api/outputs/${id}/share`, owner), params(id));
    expect(bare.status).toBe(415);
    expect((await share(null, id)).status).toBe(401);
    const [row] = await t.db.select({ token: outputRecord.shareToken }).from(outputRecord).where(eq(outputRecord.id, id));
    expect(row?.token).toBeNull();

    const url = ((await (await share(owner, id)).json()) as { url: string }).url;
    expect((await unshare(other, id)).status).toBe(404);
    expect((await unshare(owner, id, { origin: EVIL })).status).toBe(403);
    expect(await findSharedDraft(t.db, url.split("/s/")[1]!)).not.toBeNull();

    const empty = await makeDraft(t.db, owner.identity.id, { brief: "Nothing yet", reply: "", status: "failed" });
    expect((await share(owner, empty)).status).toBe(409);
  });

  it("unknown and malformed tokens find nothing", async () => {
    await setup();
    expect(await findSharedDraft(t.db, "A".repeat(32))).toBeNull();
    expect(await findSharedDraft(t.db, "' OR 1=1 --")).toBeNull();
  });
});
