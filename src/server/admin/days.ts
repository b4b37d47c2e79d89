// The admin dashboard's calendar: UTC days as YYYY-MM-DD strings, the same days the daily limit
// counts. A range of N days ends today and includes it.
import { utcDay } from "../access/quota";

export interface DayRange {
  /** First day, YYYY-MM-DD (UTC). */
  from: string;
  /** Last day, today (UTC). */
  to: string;
  days: number;
}

export const MAX_RANGE_DAYS = 365;

const DAY_MS = 86_400_000;

export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

export const addDays = (day: string, n: number): string => utcDay(new Date(dayStart(day).getTime() + n * DAY_MS));

/** The N days ending today. */
export function dayRange(now: Date, days: number): DayRange {
  const to = utcDay(now);
  return { from: addDays(to, -(days - 1)), to, days };
}

/** Every day of the range, oldest first. */
export function daysOf(range: DayRange): string[] {
  return Array.from({ length: range.days }, (_, i) => addDays(range.from, i));
}

/** The moment a day ends, or `now` for a day not over yet. */
export function endOfDay(day: string, now: Date): Date {
  const end = dayStart(addDays(day, 1));
  return end < now ? end : now;
}
