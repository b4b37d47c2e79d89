// Per-identity and per-IP rate limits on generation and follow-ups, shared by every app instance:
// fixed one-minute windows in PostgreSQL (rate_limit_bucket), counted by the admission statement
// that also reserves the daily unit, so limiting costs no extra round trip (README: why not Redis).
import { type SQL, sql } from "drizzle-orm";
import type { AppConfig } from "../config";
import { AppError } from "../errors";

export interface RateLimitKey {
  key: string;
  points: number;
}

export const WINDOW_MS = 60_000;

/**
 * The keys a generation counts against: the identity, and the client address at 3x the points.
 * Without a known address only the identity counts, so requests that arrive with no proxy headers
 * never share one bucket between everybody.
 */
export function generationKeys(config: AppConfig, identityId: string, ip: string): RateLimitKey[] {
  const user = { key: `gen:user:${identityId}`, points: config.rateLimitPerMinute };
  return ip === UNKNOWN_IP ? [user] : [user, { key: `gen:ip:${ip}`, points: config.rateLimitPerMinute * 3 }];
}

const UNKNOWN_IP = "unknown";

/**
 * The client address, from the headers TRUST_PROXY says a trusted proxy sets: Vercel's x-real-ip,
 * or the X-Forwarded-For entry that the nearest of `hops` trusted proxies appended (counted from the
 * right, so what a client wrote further left is never used). With `none` no header is believed
 * (Next.js route handlers do not see the socket), so only the per-identity bucket counts.
 */
export function clientIp(request: Request, trust: AppConfig["trustProxy"]): string {
  if (trust.kind === "vercel") return request.headers.get("x-real-ip")?.trim().slice(0, 64) || UNKNOWN_IP;
  if (trust.kind === "hops") {
    const entries = (request.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    return entries[entries.length - trust.hops]?.slice(0, 64) || UNKNOWN_IP;
  }
  return UNKNOWN_IP;
}

export function rateLimited(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError("rate_limit:generate", `Too many requests. Please wait ${seconds} seconds and try again.`, {
    retryAfter: seconds,
  });
}

export interface BucketRow {
  key: string;
  points: number;
  expires_at: string | Date;
}

/**
 * The bucket upsert's two parts, for composing into one statement (here, and in the admission
 * statement that also reserves the daily unit): a CTE body that about one statement in a hundred
 * uses to drop expired buckets of other keys (the random test is a one-time filter, so the rest
 * skip the scan: no extra round trip, no cron), and the INSERT … ON CONFLICT that counts one hit on
 * every key (a window restarts once expired) and returns each bucket. Keys in one order in every
 * statement, so two requests sharing a key never deadlock.
 */
export function bucketStatements(keys: RateLimitKey[], now: Date): { prune: SQL; upsert: SQL } {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  const nowIso = now.toISOString();
  const expires = new Date(now.getTime() + WINDOW_MS).toISOString();
  const prune = sql`DELETE FROM rate_limit_bucket WHERE (SELECT random()) < 0.01 AND expires_at < ${nowIso}::timestamptz
    AND key NOT IN (${sql.join(
      sorted.map((k) => sql`${k.key}`),
      sql`, `,
    )})`;
  const values = sql.join(
    sorted.map((k) => sql`(${k.key}, 1, ${expires}::timestamptz)`),
    sql`, `,
  );
  const upsert = sql`INSERT INTO rate_limit_bucket (key, points, expires_at) VALUES ${values}
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN rate_limit_bucket.expires_at <= ${nowIso}::timestamptz THEN 1 ELSE rate_limit_bucket.points + 1 END,
      expires_at = CASE WHEN rate_limit_bucket.expires_at <= ${nowIso}::timestamptz THEN EXCLUDED.expires_at ELSE rate_limit_bucket.expires_at END
    RETURNING key, points, expires_at`;
  return { prune, upsert };
}

/** SQL true when no bucket in `buckets` (a CTE of the upsert's rows) is over its key's points. */
export function bucketsUnderLimit(keys: RateLimitKey[], buckets: SQL): SQL {
  const limits = sql.join(
    keys.map((k) => sql`(${k.key}, ${k.points}::int)`),
    sql`, `,
  );
  return sql`NOT EXISTS (SELECT 1 FROM ${buckets} b JOIN (VALUES ${limits}) AS l(key, points) ON l.key = b.key WHERE b.points > l.points)`;
}

/** The refusal when any bucket is over its key's points (Retry-After = until the longest wait ends). */
export function refusalFor(keys: RateLimitKey[], rows: BucketRow[], now: Date): AppError | null {
  let wait = 0;
  for (const row of rows) {
    const limit = keys.find((k) => k.key === row.key)?.points ?? 0;
    if (Number(row.points) > limit) wait = Math.max(wait, (new Date(row.expires_at).getTime() - now.getTime()) / 1000);
  }
  return wait > 0 ? rateLimited(wait) : null;
}
