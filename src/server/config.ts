// The one reader of the environment. Every variable of the interface contract is parsed and
// validated here; every problem is reported at once, one line per variable naming its purpose.
// Local mode's generated secrets come from the caller (app-config.ts), not from here.
import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** What each variable is for; quoted in error messages so an operator knows what to fix. */
const PURPOSE: Record<string, string> = {
  PORT: "the port the web server listens on",
  DATABASE_URL: "the PostgreSQL connection string (postgres://user:pass@host:5432/db)",
  APP_URL: "the public origin of the app, used for OAuth redirects and cookie security",
  SESSION_SECRETS: 'the session cookie keys as JSON, e.g. {"1":"<32+ characters>"}',
  SESSION_SECRET: "the session cookie key (32+ characters)",
  WHOP_OAUTH_ISSUER: "the OpenID Connect issuer for Sign in with Whop",
  WHOP_CLIENT_ID: "the client id of your Whop app (Sign in with Whop)",
  WHOP_CLIENT_SECRET: "the client secret of a confidential Whop app",
  WHOP_API_KEY: "the Whop API key used for reconciliation and checkout",
  WHOP_COMPANY_ID: "the Whop company whose memberships are reconciled",
  WHOP_WEBHOOK_SECRET: "the Whop webhook signing secret (ws_...)",
  WHOP_PRO_PLAN_IDS: "comma-separated Whop plan ids that grant PRO",
  WHOP_PRO_PRODUCT_IDS: "comma-separated Whop product ids that grant PRO",
  WHOP_API_BASE_URL: "the base URL of Whop's REST API",
  OPENAI_API_KEY: "the OpenAI API key (GPT)",
  OPENAI_BASE_URL: "the base URL of the OpenAI API",
  ANTHROPIC_API_KEY: "the Anthropic API key (Claude)",
  ANTHROPIC_BASE_URL: "the base URL of the Anthropic API",
  OPENAI_COMPATIBLE_BASE_URL: "the base URL of an OpenAI-compatible server (Ollama, vLLM, LM Studio)",
  CRON_SECRET: "the bearer token that authorises /api/cron/reconcile",
  ADMIN_EMAILS: "comma-separated emails allowed to open /admin",
  GENERATION_DEADLINE_SECONDS: "the longest a generation may stream before it is stopped and stored with its text",
  STREAM_LEASE_SECONDS: "how long a streaming draft's record stays claimed without a heartbeat before it is settled as interrupted",
  DATABASE_STATEMENT_TIMEOUT_SECONDS: "the longest one database statement may take before it is abandoned",
  RECONCILE_MAX_EXPIRE_PERCENT: "the share of active PRO grants one reconciliation may expire before it stops for a human",
  PRO_PRICE_LABEL: "the PRO price the pricing page shows when the Whop API cannot tell it, e.g. `$19/month`",
  MODEL_PRICES: 'USD per million tokens by model id, as JSON, e.g. {"gpt":{"input":2.5,"output":10}}',
  USAGE_RETENTION_DAYS: "how many days the usage ledger keeps its events",
  TRUST_PROXY: "which proxy headers name the client address: `none`, `vercel`, or a number of trusted X-Forwarded-For hops",
  SHUTDOWN_GRACE_SECONDS: "how long a stopping server lets streams in flight finish",
  OTEL_EXPORTER_OTLP_ENDPOINT: "the OpenTelemetry collector that receives traces (unset: no tracing)",
  NEXT_MANUAL_SIG_HANDLE: "set by the launchers so that the app, not Next.js, handles SIGTERM (graceful stop)",
  LOCAL_IDP_PORT: "the port of the local identity provider used in local mode",
  ANTHROPIC_MODEL: "the Anthropic model id used for `claude`",
  OPENAI_MODEL: "the OpenAI model id used for `gpt`",
  OPENAI_COMPATIBLE_MODEL: "the model id served by the OpenAI-compatible server",
  MAX_OUTPUT_TOKENS: "the cap on output tokens per generation",
  OPENAI_API: "which OpenAI API `gpt` calls: `responses` (default) or `chat` (Chat Completions)",
  RATE_LIMIT_PER_MINUTE: "generations and follow-ups allowed per identity per minute (per IP: three times that)",
  DATA_DIR: "the folder that holds the embedded database and local secrets",
  APP_ENV: "set to `production` when the app is deployed",
};

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(blank, z.string().trim().optional());
const httpUrl = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? ""), "must be an http(s) URL")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
);
const commaList = z.preprocess(
  blank,
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
);
const port = (fallback: number) => z.preprocess(blank, z.coerce.number().int().min(1).max(65535).default(fallback));

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const EnvSchema = z.object({
  PORT: port(3000),
  LOCAL_IDP_PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).optional()),
  DATABASE_URL: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .refine((v) => /^postgres(ql)?:$/.test(safeUrl(v)?.protocol ?? ""), "must be a postgres:// or postgresql:// URL")
      .refine((v) => Boolean(safeUrl(v)?.hostname), "must name a host")
      .optional(),
  ),
  DATA_DIR: z.preprocess(blank, z.string().default(".data")),
  APP_URL: httpUrl,
  APP_ENV: optionalString,
  VERCEL_ENV: optionalString,
  SESSION_SECRETS: optionalString,
  SESSION_SECRET: optionalString,
  WHOP_OAUTH_ISSUER: httpUrl,
  WHOP_CLIENT_ID: optionalString,
  WHOP_CLIENT_SECRET: optionalString,
  WHOP_API_KEY: optionalString,
  WHOP_COMPANY_ID: optionalString,
  WHOP_WEBHOOK_SECRET: optionalString,
  WHOP_PRO_PLAN_IDS: commaList,
  WHOP_PRO_PRODUCT_IDS: commaList,
  WHOP_API_BASE_URL: httpUrl,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: httpUrl,
  OPENAI_MODEL: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: httpUrl,
  ANTHROPIC_MODEL: optionalString,
  OPENAI_COMPATIBLE_BASE_URL: httpUrl,
  OPENAI_COMPATIBLE_MODEL: optionalString,
  MAX_OUTPUT_TOKENS: z.preprocess(blank, z.coerce.number().int().min(16).max(32000).default(1024)),
  OPENAI_API: z.preprocess(blank, z.enum(["responses", "chat"]).default("responses")),
  RATE_LIMIT_PER_MINUTE: z.preprocess(blank, z.coerce.number().int().min(1).max(1_000_000).default(10)),
  CRON_SECRET: optionalString,
  ADMIN_EMAILS: commaList,
  GENERATION_DEADLINE_SECONDS: z.preprocess(blank, z.coerce.number().int().min(10).max(3600).default(300)),
  STREAM_LEASE_SECONDS: z.preprocess(blank, z.coerce.number().int().min(2).max(600).default(30)),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: z.preprocess(blank, z.coerce.number().min(0.5).max(600).default(10)),
  RECONCILE_MAX_EXPIRE_PERCENT: z.preprocess(blank, z.coerce.number().min(0).max(100).default(10)),
  PRO_PRICE_LABEL: z.preprocess(blank, z.string().trim().max(60).optional()),
  MODEL_PRICES: optionalString,
  USAGE_RETENTION_DAYS: z.preprocess(blank, z.coerce.number().int().min(1).max(3650).default(400)),
  TRUST_PROXY: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^(none|vercel|[1-9]\d?)$/, "must be `none`, `vercel` or a number of hops (1-99)")
      .optional(),
  ),
  VERCEL: optionalString,
  SHUTDOWN_GRACE_SECONDS: z.preprocess(blank, z.coerce.number().min(0).max(600).default(10)),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl,
  NEXT_MANUAL_SIG_HANDLE: optionalString,
});

/** Every variable the app reads (the platform's own VERCEL and VERCEL_ENV included). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface AppConfig {
  port: number;
  /** Public origin, no trailing slash. */
  appUrl: string;
  /** True when deployed: APP_ENV/VERCEL_ENV is production or APP_URL is not a loopback address. */
  isProduction: boolean;
  /** Keys for sealing cookies by id; the highest id seals, all unseal. */
  sessionSecrets: Record<number, string>;
  whop: {
    oauthIssuer: string;
    clientId?: string;
    clientSecret?: string;
    apiKey?: string;
    companyId?: string;
    webhookSecret: string;
    proPlanIds: string[];
    proProductIds: string[];
    apiBaseUrl: string;
  };
  ai: {
    openai: { apiKey?: string; baseUrl?: string; model: string; api: "responses" | "chat" };
    anthropic: { apiKey?: string; baseUrl?: string; model: string };
    openaiCompatible: { baseUrl?: string; model?: string };
    maxOutputTokens: number;
  };
  cronSecret?: string;
  adminEmails: string[];
  generation: {
    /** Past this, the provider call is aborted and the draft stored with its text. */
    deadlineSeconds: number;
    /** A streaming turn renews its lease at least this often; past it, the sweeper settles it. */
    leaseSeconds: number;
  };
  database: { url?: string; dataDir: string; statementTimeoutSeconds: number };
  reconcile: { maxExpirePercent: number };
  billing: { proPriceLabel?: string };
  usage: {
    /** USD per million tokens, by model id. */
    prices: Record<string, { input: number; output: number }>;
    retentionDays: number;
  };
  /** Which request headers name the client address. */
  trustProxy: { kind: "none" } | { kind: "vercel" } | { kind: "hops"; hops: number };
  shutdownGraceSeconds: number;
  /** The launcher left SIGTERM/SIGINT to the app (NEXT_MANUAL_SIG_HANDLE): it stops gracefully itself. */
  handlesSignals: boolean;
  otlpEndpoint?: string;
  /** Generations and follow-ups per identity per minute; per IP it is three times this. */
  rateLimitPerMinute: number;
  localIdpPort: number;
  /** Which parts run on local stand-ins; pages show a banner naming them. */
  local: { database: boolean; signIn: boolean; demoModel: boolean; webhookSecret: boolean; proPlan: boolean };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** One line for the operator: the variable, what is wrong, and what the variable is for. */
function problemLine(variable: string, problem: string): string {
  const purpose = PURPOSE[variable];
  return `${variable} ${problem}${purpose ? ` (${variable} is ${purpose})` : ""}.`;
}

function parseSessionSecrets(env: z.infer<typeof EnvSchema>, problem: (variable: string, text: string) => void) {
  if (env.SESSION_SECRETS) {
    let raw: unknown;
    try {
      raw = JSON.parse(env.SESSION_SECRETS);
    } catch {
      return problem("SESSION_SECRETS", "is not valid JSON");
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return problem("SESSION_SECRETS", "must be a JSON object of id to secret");
    const out: Record<number, string> = {};
    for (const [id, secret] of Object.entries(raw as Record<string, unknown>)) {
      if (!/^\d+$/.test(id)) problem("SESSION_SECRETS", `has the key "${id}", which is not a positive integer id`);
      else if (typeof secret !== "string" || secret.length < 32)
        problem("SESSION_SECRETS", `has a secret under 32 characters for id ${id}`);
      else out[Number(id)] = secret;
    }
    if (Object.keys(raw as object).length === 0) problem("SESSION_SECRETS", "lists no secret");
    return out;
  }
  if (env.SESSION_SECRET) {
    if (env.SESSION_SECRET.length < 32) return problem("SESSION_SECRET", "is under 32 characters");
    return { 1: env.SESSION_SECRET };
  }
  return undefined;
}

/** Why a session secret is too weak for production, or null: guessable secrets forge sessions. */
function secretWeakness(secret: string): string | null {
  if (secret.length < 32) return "is under 32 characters";
  const distinct = new Set(secret).size;
  if (distinct === 1) return "is one character repeated";
  if (distinct < 10) return `has only ${distinct} distinct characters (use a random secret, e.g. \`openssl rand -base64 48\`)`;
  return null;
}

/** USD per million tokens of the default models; the demo and local models cost nothing here. */
export const DEFAULT_MODEL_PRICES: Record<string, { input: number; output: number }> = {
  gpt: { input: 2.5, output: 10 },
  claude: { input: 3, output: 15 },
  local: { input: 0, output: 0 },
  demo: { input: 0, output: 0 },
};

const PriceSchema = z.record(z.string().min(1), z.object({ input: z.number().min(0), output: z.number().min(0) }));

function parseModelPrices(raw: string | undefined, problem: (variable: string, text: string) => void) {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return problem("MODEL_PRICES", "is not valid JSON");
  }
  const parsed = PriceSchema.safeParse(json);
  if (!parsed.success) return problem("MODEL_PRICES", "must map model ids to {input, output} USD per million tokens");
  return { ...DEFAULT_MODEL_PRICES, ...parsed.data };
}

/** TRUST_PROXY, defaulting to Vercel's header on Vercel and to the socket address elsewhere. */
function trustProxyOf(value: string | undefined, onVercel: boolean): AppConfig["trustProxy"] {
  const chosen = value ?? (onVercel ? "vercel" : "none");
  if (chosen === "none" || chosen === "vercel") return { kind: chosen };
  return { kind: "hops", hops: Number(chosen) };
}

export interface LocalSecrets {
  sessionSecret: string;
  webhookSecret: string;
}

export interface ConfigOptions {
  /** Local mode: secrets made once and kept under DATA_DIR, used for whatever the environment leaves unset. */
  localSecrets?: (dataDir: string) => LocalSecrets;
}

export function loadConfig(source: Env, options: ConfigOptions = {}): AppConfig {
  const problems: string[] = [];
  const problem = (variable: string, text: string) => {
    problems.push(problemLine(variable, text));
    return undefined;
  };
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problem(String(issue.path[0] ?? "environment"), issue.message.replace(/^Invalid input: /, "is invalid: "));
    }
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const host = new URL(appUrl).hostname;
  const isProduction = env.APP_ENV === "production" || env.VERCEL_ENV === "production" || !LOOPBACK.has(host);

  const anyModelKey = Boolean(env.OPENAI_API_KEY || env.ANTHROPIC_API_KEY || env.OPENAI_COMPATIBLE_BASE_URL);
  let sessionSecrets = parseSessionSecrets(env, problem);
  const modelPrices = parseModelPrices(env.MODEL_PRICES, problem);
  let webhookSecret = env.WHOP_WEBHOOK_SECRET;
  const localSignIn = !env.WHOP_CLIENT_ID;
  if (isProduction) {
    if (!env.SESSION_SECRETS && !env.SESSION_SECRET) problem("SESSION_SECRETS", "is required in production (or SESSION_SECRET)");
    for (const [id, secret] of Object.entries(sessionSecrets ?? {})) {
      const weakness = secretWeakness(secret);
      if (weakness)
        problem(env.SESSION_SECRETS ? "SESSION_SECRETS" : "SESSION_SECRET", `${env.SESSION_SECRETS ? `(id ${id}) ` : ""}${weakness}`);
    }
    if (localSignIn) problem("WHOP_CLIENT_ID", "is required in production; the local identity provider is for development only");
    if (!webhookSecret) problem("WHOP_WEBHOOK_SECRET", "is required in production");
    else if (!/^ws_\S{21,}$/.test(webhookSecret))
      problem("WHOP_WEBHOOK_SECRET", "must be Whop's `ws_…` signing secret, at least 24 characters");
    if (!env.DATABASE_URL) problem("DATABASE_URL", "is required in production; the embedded database is for development only");
    if (!appUrl.startsWith("https:")) problem("APP_URL", "must be an https:// URL in production (cookies are Secure and __Host- there)");
    if (!env.CRON_SECRET || env.CRON_SECRET.length < 32) problem("CRON_SECRET", "must be set to at least 32 characters in production");
    if (env.WHOP_PRO_PLAN_IDS.length === 0 && env.WHOP_PRO_PRODUCT_IDS.length === 0)
      problem("WHOP_PRO_PLAN_IDS", "or WHOP_PRO_PRODUCT_IDS must name what grants PRO in production");
    if (!anyModelKey)
      problem(
        "OPENAI_API_KEY",
        "or ANTHROPIC_API_KEY or OPENAI_COMPATIBLE_BASE_URL must be set in production (the demo model is for local mode)",
      );
  } else if ((!sessionSecrets || !webhookSecret) && problems.length === 0) {
    const local = options.localSecrets?.(env.DATA_DIR);
    sessionSecrets ??= local ? { 1: local.sessionSecret } : undefined;
    webhookSecret ??= local?.webhookSecret;
    if (!sessionSecrets) problem("SESSION_SECRET", "is not set (npm start makes one for local mode)");
    if (!webhookSecret) problem("WHOP_WEBHOOK_SECRET", "is not set (npm start makes one for local mode)");
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const localIdpPort = env.LOCAL_IDP_PORT ?? env.PORT + 1;

  return {
    port: env.PORT,
    appUrl,
    isProduction,
    database: { url: env.DATABASE_URL, dataDir: env.DATA_DIR, statementTimeoutSeconds: env.DATABASE_STATEMENT_TIMEOUT_SECONDS },
    sessionSecrets: sessionSecrets as Record<number, string>,
    whop: {
      oauthIssuer: env.WHOP_OAUTH_ISSUER ?? (localSignIn ? `http://localhost:${localIdpPort}` : "https://api.whop.com"),
      clientId: env.WHOP_CLIENT_ID ?? (localSignIn ? "ai-ssa-local" : undefined),
      clientSecret: env.WHOP_CLIENT_SECRET,
      apiKey: env.WHOP_API_KEY,
      companyId: env.WHOP_COMPANY_ID,
      webhookSecret: webhookSecret as string,
      proPlanIds: env.WHOP_PRO_PLAN_IDS,
      proProductIds: env.WHOP_PRO_PRODUCT_IDS,
      apiBaseUrl: env.WHOP_API_BASE_URL ?? "https://api.whop.com/api/v1",
    },
    ai: {
      openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL ?? "gpt-4o", api: env.OPENAI_API },
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseUrl: env.ANTHROPIC_BASE_URL, model: env.ANTHROPIC_MODEL ?? "claude-sonnet-4-5" },
      openaiCompatible: { baseUrl: env.OPENAI_COMPATIBLE_BASE_URL, model: env.OPENAI_COMPATIBLE_MODEL },
      maxOutputTokens: env.MAX_OUTPUT_TOKENS,
    },
    cronSecret: env.CRON_SECRET,
    // ASCII-only lower case, as auth/admin.ts compares them (no Unicode case folding).
    adminEmails: env.ADMIN_EMAILS.map((e) => e.trim().replace(/[A-Z]/g, (c) => c.toLowerCase())),
    generation: { deadlineSeconds: env.GENERATION_DEADLINE_SECONDS, leaseSeconds: env.STREAM_LEASE_SECONDS },
    reconcile: { maxExpirePercent: env.RECONCILE_MAX_EXPIRE_PERCENT },
    billing: { proPriceLabel: env.PRO_PRICE_LABEL },
    usage: { prices: modelPrices ?? DEFAULT_MODEL_PRICES, retentionDays: env.USAGE_RETENTION_DAYS },
    trustProxy: trustProxyOf(env.TRUST_PROXY, Boolean(env.VERCEL || env.VERCEL_ENV)),
    shutdownGraceSeconds: env.SHUTDOWN_GRACE_SECONDS,
    handlesSignals: Boolean(env.NEXT_MANUAL_SIG_HANDLE),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    localIdpPort,
    local: {
      database: !env.DATABASE_URL,
      signIn: localSignIn,
      demoModel: !anyModelKey,
      webhookSecret: !env.WHOP_WEBHOOK_SECRET,
      proPlan: !isProduction && env.WHOP_PRO_PLAN_IDS.length === 0 && env.WHOP_PRO_PRODUCT_IDS.length === 0,
    },
  };
}

/** Names of the parts running on local stand-ins, for the local-mode banner. */
export function localStandIns(config: AppConfig): string[] {
  const parts: string[] = [];
  if (config.local.database) parts.push("embedded database (PGlite)");
  if (config.local.signIn) parts.push("local sign-in provider");
  if (config.local.demoModel) parts.push("demo model");
  return parts;
}
