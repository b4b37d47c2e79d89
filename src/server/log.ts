// Structured one-line logs. Errors are reduced to name, message and code: no stack traces,
// and anything that looks like a credential is masked before it is written.

type Fields = Record<string, unknown>;

const SECRET_PATTERNS = [
  /(sk-[A-Za-z0-9_-]{8,})/g,
  /(sk-ant-[A-Za-z0-9_-]{8,})/g,
  /(ws_[A-Za-z0-9_-]{8,})/g,
  /(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi,
  /(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/gi,
];

export function redact(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: string) =>
      prefix.startsWith("Bearer") || prefix.startsWith("postgres")
        ? `${prefix}[redacted]${prefix.startsWith("postgres") ? "@" : ""}`
        : "[redacted]",
    );
  }
  return out;
}

function describeError(error: unknown): Fields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { errorName: error.name, errorMessage: redact(error.message), ...(code ? { errorCode: String(code) } : {}) };
  }
  return { errorMessage: redact(String(error)) };
}

function write(level: "info" | "warn" | "error", message: string, fields: Fields = {}): void {
  const { error, ...rest } = fields;
  const entry = { level, time: new Date().toISOString(), msg: message, ...rest, ...(error !== undefined ? describeError(error) : {}) };
  const line = redact(JSON.stringify(entry));
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
