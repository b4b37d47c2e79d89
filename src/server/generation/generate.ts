// Generation and follow-ups: who may ask, what it costs, and the streamed answer.
//
// Stream contract (POST /api/generate and POST /api/outputs/{id}/messages):
// - Refusals happen before any streaming and are JSON `{error: {code, message, …}}` with a status:
//   401 unauthorized:session · 400 bad_request:* (input, model) · 413 too_large:* · 404 not_found:*
//   403 forbidden:pro_required | forbidden:over_cap · 429 rate_limit:generate (Retry-After)
//   429 limit_reached:daily (Retry-After = seconds to next UTC midnight, details {limit, resetsAt}).
// - Accepted requests answer 200 with the AI SDK UI message stream (SSE, header
//   `x-vercel-ai-ui-message-stream: v1`), consumable by @ai-sdk/react useChat/DefaultChatTransport.
//   Header `X-Output-Id` names the output; the `start` and `finish` chunks carry messageMetadata
//   {outputId, model, modelLabel}. Text arrives as text-start/text-delta/text-end chunks.
// - A provider failure arrives in the stream as an `error` chunk whose errorText is a sentence for
//   the user (never the provider's raw error). The stream closes only after the outcome is stored.
// Server order: session → identity → effective tier → blueprint allowed → rate limit → daily limit
// → model call. Two database round trips before the model is called: the gate, and the admission
// (rate-limit hit, then the daily unit only when not rate-limited, and the turn's records:
// turns.ts). While it streams the turn keeps a lease; whatever stops it, it settles (model-call.ts).
import { randomUUID } from "node:crypto";
import { blueprintLock, blueprintRefused, loadGateForBlueprint, loadGateForOutput, type TierRules } from "../access/blueprint-access";
import { dailyLimitReached } from "../access/quota";
import { clientIp, generationKeys } from "../access/rate-limit";
import { requireSession } from "../auth/current";
import type { SessionData } from "../auth/session";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { isStopping } from "../lifecycle";
import { threadContext } from "./conversation";
import { type ModelCall, streamModelCall } from "./model-call";
import { type ModelEntry, resolveModel } from "./models";
import { firstGenerationPrompt, followUpPrompt, type ModelPrompt } from "./prompt";
import { admitDraft, admitFollowUp, checkpointTurn, settleTurn } from "./turns";

export interface GenerateInput {
  blueprintSlug: string;
  userInput: string;
  model: string;
}

export interface FollowUpInput {
  content: string;
  model?: string;
}

export interface RequestScope {
  ctx: AppContext;
  request: Request;
  requestId: string;
  /** The session the route already verified (before reading the body); verified here when absent. */
  session?: SessionData;
}

/** The session alone (no database): the gate query confirms the identity behind it. */
const sessionOf = ({ ctx, request, session }: RequestScope): Promise<SessionData> =>
  session ? Promise.resolve(session) : requireSession(ctx, request);

const sessionEnded = () => new AppError("unauthorized:session", "Your session has ended. Please sign in again.");

/** A stopping server takes no new model call: the client retries, and reaches another instance. */
function refuseWhileStopping(): void {
  if (isStopping())
    throw new AppError("unavailable:shutting_down", "This server is restarting. Please try again in a moment.", { retryAfter: 2 });
}

export async function startGeneration(scope: RequestScope, input: GenerateInput): Promise<Response> {
  const { ctx } = scope;
  refuseWhileStopping();
  const session = await sessionOf(scope);
  const entry = resolveModel(ctx.models, input.model);

  const gate = await loadGateForBlueprint(ctx.db, session, input.blueprintSlug);
  if (!gate) throw sessionEnded();
  const { identity, tier, blueprint } = gate;
  if (!blueprint) throw new AppError("not_found:blueprint", "This blueprint does not exist.");
  const lock = blueprintLock(blueprint, blueprint.position, tier);
  if (lock) throw blueprintRefused(lock, tier);

  const turn = admission(scope, {
    outputId: randomUUID(),
    identityId: identity.id,
    tier,
    blueprintId: blueprint.id,
    entry,
    userText: input.userInput,
  });
  if ((await admitDraft(ctx.db, turn)) === null) throw dailyLimitReached(tier.dailyLimit, turn.now);
  const prompt = firstGenerationPrompt(blueprint.instructions, input.userInput);
  return streamAdmitted(scope, { entry, prompt, turn, logFields: { identityId: identity.id, blueprint: blueprint.slug, kind: "draft" } });
}

export async function startFollowUp(scope: RequestScope, outputId: string, input: FollowUpInput): Promise<Response> {
  const { ctx } = scope;
  refuseWhileStopping();
  const session = await sessionOf(scope);
  const gate = await loadGateForOutput(ctx.db, session, outputId);
  if (!gate) throw sessionEnded();
  const { identity, tier, blueprint, output } = gate;
  if (!output || !blueprint) throw new AppError("not_found:output", "This output does not exist.");
  const lock = blueprintLock(blueprint, blueprint.position, tier);
  if (lock) throw blueprintRefused(lock, tier);
  const entry = resolveModel(ctx.models, input.model ?? output.model);
  // Read before anything is counted, so a failure here costs the user nothing.
  const thread = await threadContext(ctx.db, output);

  const turn = admission(scope, { outputId, identityId: identity.id, tier, blueprintId: blueprint.id, entry, userText: input.content });
  if ((await admitFollowUp(ctx.db, turn)) === null) throw dailyLimitReached(tier.dailyLimit, turn.now);
  const prompt = followUpPrompt(blueprint.instructions, thread, input.content);
  return streamAdmitted(scope, {
    entry,
    prompt,
    turn,
    logFields: { identityId: identity.id, blueprint: blueprint.slug, kind: "follow_up" },
  });
}

/** What the admission statement records for a turn of this request. */
function admission(
  { ctx, request }: RequestScope,
  turn: { outputId: string; identityId: string; tier: TierRules; blueprintId: string; entry: ModelEntry; userText: string },
) {
  return {
    turnId: randomUUID(),
    outputId: turn.outputId,
    identityId: turn.identityId,
    tier: turn.tier.name,
    blueprintId: turn.blueprintId,
    model: turn.entry.id,
    providerModel: turn.entry.providerModelId,
    userText: turn.userText,
    dailyLimit: turn.tier.dailyLimit,
    rateLimit: generationKeys(ctx.config, turn.identityId, clientIp(request, ctx.config.trustProxy)),
    now: ctx.now(),
    admittedAtMs: Date.now(),
    leaseSeconds: ctx.config.generation.leaseSeconds,
  };
}

/** A heartbeat a few times per lease, so one lost beat does not let the lease run out. */
const heartbeatMs = (leaseSeconds: number) => Math.max(200, Math.min(5_000, (leaseSeconds * 1000) / 3));

/**
 * Streams the answer of an admitted turn (a new draft or a follow-up), keeps its lease while it
 * streams, and settles how it ended. A failure before any output gives the reserved unit back.
 */
function streamAdmitted(
  { ctx, request, requestId }: RequestScope,
  {
    entry,
    prompt,
    turn,
    logFields,
  }: { entry: ModelEntry; prompt: ModelPrompt; turn: ReturnType<typeof admission>; logFields: ModelCall["logFields"] },
) {
  const { leaseSeconds, deadlineSeconds } = ctx.config.generation;
  return streamModelCall({
    entry,
    maxRetries: ctx.models.maxRetries,
    idleTimeoutMs: ctx.models.timeouts.idleMs,
    deadlineMs: deadlineSeconds * 1000,
    prompt,
    maxOutputTokens: ctx.config.ai.maxOutputTokens,
    signal: request.signal,
    metadata: { outputId: turn.outputId, model: entry.id, modelLabel: entry.label },
    requestId,
    logFields,
    startedAtMs: turn.admittedAtMs,
    heartbeatMs: heartbeatMs(leaseSeconds),
    heartbeat: async (text) => {
      await checkpointTurn(ctx.db, turn.turnId, new Date(ctx.now().getTime() + leaseSeconds * 1000), text);
    },
    settle: async (outcome) => {
      await settleTurn(ctx.db, {
        turnId: turn.turnId,
        status: outcome.status,
        errorCode: outcome.failure?.code,
        text: outcome.text,
        usage: outcome.usage,
        ttftMs: outcome.ttftMs,
        now: ctx.now(),
      });
    },
  });
}
