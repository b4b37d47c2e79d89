// Dates as people read them. Server-rendered pages format in UTC with a fixed locale so the HTML is
// the same for everyone and matches the UTC day the limits use.

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

export function formatDateTime(value: Date | string | null | undefined, { year = false } = {}): string {
  if (!value) return "—";
  return `${new Date(value).toLocaleString("en-US", {
    year: year ? "numeric" : undefined,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  })} UTC`;
}
