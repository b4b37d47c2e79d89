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
// (rate-limit hit, then the daily unit only when not rate-limited, and the OutputRecord).
import { randomUUID } from "node:crypto";
import { reserveUnit } from "../access/admission";
import { blueprintLock, blueprintRefused, loadGateForBlueprint, loadGateForOutput } from "../access/blueprint-access";
import { dailyLimitReached, utcDay } from "../access/quota";
import { clientIp, generationKeys } from "../access/rate-limit";
import { requireSession } from "../auth/current";
import type { SessionData } from "../auth/session";
import type { AppContext } from "../context";
import type { Queryable } from "../db/client";
import { AppError } from "../errors";
import { threadContext } from "./conversation";
import { streamModelCall } from "./model-call";
import { type ModelEntry, type ModelRegistry, resolveModel } from "./models";
import { admitOutput, type Settlement, settleFollowUp, settleOutput } from "./outputs";
import { firstGenerationPrompt, followUpPrompt, type ModelPrompt } from "./prompt";

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

export async function startGeneration(scope: RequestScope, input: GenerateInput): Promise<Response> {
  const { ctx, request } = scope;
  const session = await sessionOf(scope);
  const registry = ctx.models;
  const entry = resolveModel(registry, input.model);

  const gate = await loadGateForBlueprint(ctx.db, session, input.blueprintSlug);
  if (!gate) throw sessionEnded();
  const { identity, tier, blueprint } = gate;
  if (!blueprint) throw new AppError("not_found:blueprint", "This blueprint does not exist.");
  const lock = blueprintLock(blueprint, blueprint.position, tier);
  if (lock) throw blueprintRefused(lock, tier);

  const now = ctx.now();
  const rateLimit = generationKeys(ctx.config, identity.id, clientIp(request, ctx.config.trustProxy));
  const outputId = randomUUID();
  const used = await admitOutput(ctx.db, {
    id: outputId,
    userId: identity.id,
    blueprintId: blueprint.id,
    prompt: input.userInput,
    model: entry.id,
    providerModel: entry.providerModelId,
    limit: tier.dailyLimit,
    now,
    rateLimit,
  });
  if (used === null) throw dailyLimitReached(tier.dailyLimit, now);

  const prompt = firstGenerationPrompt(blueprint.instructions, input.userInput);
  const turn = { registry, entry, prompt, outputId, userId: identity.id, userText: input.userInput, reservedAt: now };
  return streamAdmitted(scope, turn, settleOutput);
}

export async function startFollowUp(scope: RequestScope, outputId: string, input: FollowUpInput): Promise<Response> {
  const { ctx, request } = scope;
  const session = await sessionOf(scope);
  const gate = await loadGateForOutput(ctx.db, session, outputId);
  if (!gate) throw sessionEnded();
  const { identity, tier, blueprint, output } = gate;
  if (!output || !blueprint) throw new AppError("not_found:output", "This output does not exist.");
  const lock = blueprintLock(blueprint, blueprint.position, tier);
  if (lock) throw blueprintRefused(lock, tier);
  const registry = ctx.models;
  const entry = resolveModel(registry, input.model ?? output.model);
  // Read before anything is counted, so a failure here costs the user nothing.
  const thread = await threadContext(ctx.db, output);

  const now = ctx.now();
  const rateLimit = generationKeys(ctx.config, identity.id, clientIp(request, ctx.config.trustProxy));
  if ((await reserveUnit(ctx.db, identity.id, tier.dailyLimit, now, rateLimit)) === null) throw dailyLimitReached(tier.dailyLimit, now);

  const prompt = followUpPrompt(blueprint.instructions, thread, input.content);
  const turn = { registry, entry, prompt, outputId, userId: identity.id, userText: input.content, reservedAt: now };
  return streamAdmitted(scope, turn, settleFollowUp);
}

interface AdmittedTurn {
  registry: ModelRegistry;
  entry: ModelEntry;
  prompt: ModelPrompt;
  outputId: string;
  userId: string;
  /** The user's message of this turn, stored with the answer. */
  userText: string;
  /** When the daily unit was reserved: its UTC day is the one a refund goes back to. */
  reservedAt: Date;
}

/**
 * Streams the draft of an admitted turn (a first generation or a follow-up) and stores how it ended
 * with `store`. A failure before any output gives the reserved unit back.
 */
function streamAdmitted(
  { ctx, request, requestId }: RequestScope,
  turn: AdmittedTurn,
  store: (db: Queryable, s: Settlement) => Promise<void>,
) {
  const { entry, outputId } = turn;
  return streamModelCall({
    entry,
    maxRetries: turn.registry.maxRetries,
    idleTimeoutMs: turn.registry.timeouts.idleMs,
    prompt: turn.prompt,
    maxOutputTokens: ctx.config.ai.maxOutputTokens,
    signal: request.signal,
    metadata: { outputId, model: entry.id, modelLabel: entry.label },
    requestId,
    settle: (outcome) =>
      store(ctx.db, {
        outputId,
        userId: turn.userId,
        status: outcome.status,
        errorCode: outcome.failure?.code,
        userText: turn.userText,
        assistantText: outcome.text,
        model: entry.id,
        usage: outcome.usage,
        refundDay: outcome.status === "failed" && outcome.text === "" ? utcDay(turn.reservedAt) : undefined,
        now: ctx.now(),
      }),
  });
}
