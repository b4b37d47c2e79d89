"use client";
// A time in the viewer's own time zone. The server's HTML says it in UTC (it cannot know the zone);
// the browser rewrites it in local time once the page runs. The <time> element keeps the instant.
import { formatDateTime } from "./format";
import { useHydrated } from "./use-hydrated";

export type TimeStyle = "datetime" | "date" | "time";

export function localText(value: Date | string, style: TimeStyle, locale?: string): string {
  const at = new Date(value);
  if (style === "date") return at.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric" });
  if (style === "time") return at.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const sameYear = at.getFullYear() === new Date().getFullYear();
  return at.toLocaleString(locale, {
    ...(sameYear ? {} : { year: "numeric" }),
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

function utcText(value: Date | string, style: TimeStyle): string {
  const iso = new Date(value).toISOString();
  if (style === "time") return `${iso.slice(11, 16)} UTC`;
  return formatDateTime(value);
}

export function LocalTime({ value, style = "datetime", className }: { value: Date | string; style?: TimeStyle; className?: string }) {
  const hydrated = useHydrated();
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} className={className} title={hydrated ? utcText(value, "datetime") : undefined}>
      {hydrated ? localText(value, style) : utcText(value, style)}
    </time>
  );
}

/**
 * When the daily allowance comes back: "at 02:00 your time (midnight UTC)"; just "at midnight UTC"
 * for people whose clock is on UTC, and in the server's HTML.
 */
export function ResetTime({ resetsAt }: { resetsAt: string }) {
  const hydrated = useHydrated();
  const at = new Date(resetsAt);
  if (!hydrated || at.getTimezoneOffset() === 0) return <span>at midnight UTC</span>;
  return (
    <span>
      at{" "}
      <time dateTime={resetsAt} className="font-medium">
        {localText(at, "time")}
      </time>{" "}
      your time (midnight UTC)
    </span>
  );
}
