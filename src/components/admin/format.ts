// Numbers and days as the admin pages show them: fixed locale and UTC, so the server's HTML is the
// same for everyone and matches the UTC days the metrics count.

const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(n);

/** 1,234 below ten thousand, then 12.3K, 4.5M. */
export const formatTokens = (n: number): string => (Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n));

/** Dollars: cents from $1 up, four decimals below (model calls cost fractions of a cent). */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (Math.abs(usd) >= 1) return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `$${usd.toFixed(4)}`;
}

export const formatMs = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? "—" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** "Nov 3" for a YYYY-MM-DD UTC day. */
export const formatDay = (day: string): string =>
  new Date(`${day}T00:00:00.000Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
