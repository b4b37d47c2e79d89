// One error type for the whole server. Its code reads `kind:surface` (e.g. `rate_limit:generate`)
// and the kind decides the HTTP status; src/server/http.ts turns it into the JSON error shape.

export type ErrorKind =
  | "bad_request"
  | "too_large"
  | "unsupported_media_type"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limit"
  | "limit_reached"
  | "upstream"
  | "unavailable"
  | "internal";

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limit: 429,
  limit_reached: 429,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly surface: string;
  /** Seconds until a retry can succeed; becomes the Retry-After header. */
  readonly retryAfter?: number;
  /** Extra fields safe to show the client (never secrets). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: `${ErrorKind}:${string}`,
    message: string,
    options: { retryAfter?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    const [kind, ...rest] = code.split(":");
    this.kind = kind as ErrorKind;
    this.surface = rest.join(":");
    this.retryAfter = options.retryAfter;
    this.details = options.details;
    this.name = "AppError";
  }

  get code(): string {
    return `${this.kind}:${this.surface}`;
  }

  get status(): number {
    return statusByKind[this.kind];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
