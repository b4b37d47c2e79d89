"use client";
// The overview's charts: Recharts 3 (React 19, SVG), fed with figures the server already computed
// and passed as plain props. Colours come from CSS variables set on each chart's figure, so the
// axes, grid and tooltips follow the light or dark theme. Each chart is a <figure> with a caption
// and a visually hidden table of the same numbers for screen readers.
import type { ReactNode } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatDay, formatMs, formatTokens, formatUsd } from "./format";

export interface Series {
  key: string;
  label: string;
  color: string;
  /** Drawn as a line over the bars (a second measure that must stay readable at 90 days). */
  line?: boolean;
}

export type ValueFormat = "count" | "usd" | "ms";

const formatters: Record<ValueFormat, (n: number) => string> = {
  count: (n) => formatCount(n),
  usd: (n) => formatUsd(n),
  ms: (n) => formatMs(n),
};
/**
 * Axis ticks in one unit and precision for the whole axis, picked from the largest value shown:
 * ms or seconds, cents or fractions of a cent (not "$0.01" next to "$0.009", nor "700" next to "1.4 s").
 */
function axisFormatter(format: ValueFormat, max: number): (n: number) => string {
  if (format === "count") return (n) => formatTokens(n);
  if (format === "ms") return max < 1500 ? (n) => `${Math.round(n)} ms` : (n) => (n === 0 ? "0" : `${(n / 1000).toFixed(1)} s`);
  const digits = max < 0.01 ? 4 : max < 0.1 ? 3 : max < 10 ? 2 : 0;
  return (n) => (n === 0 ? "$0" : `$${n.toFixed(digits)}`);
}

/** Theme colours for the chart furniture, as CSS variables (light, then dark). */
const THEME =
  "[--chart-text:#52525b] [--chart-grid:#e4e4e7] [--chart-tip-bg:#ffffff] [--chart-tip-border:#e4e4e7] [--chart-cursor:#f4f4f5] " +
  "dark:[--chart-text:#a1a1aa] dark:[--chart-grid:#27272a] dark:[--chart-tip-bg:#18181b] dark:[--chart-tip-border:#3f3f46] dark:[--chart-cursor:#27272a]";

const tick = { fill: "var(--chart-text)", fontSize: 11 };
const tooltipStyle = {
  contentStyle: {
    background: "var(--chart-tip-bg)",
    border: "1px solid var(--chart-tip-border)",
    borderRadius: 8,
    fontSize: 12,
    color: "var(--chart-text)",
  },
  labelStyle: { color: "var(--chart-text)", fontWeight: 600 },
  cursor: { fill: "var(--chart-cursor)" },
};
const legendStyle = { fontSize: 12, color: "var(--chart-text)", paddingTop: 4 };

function ChartFigure({
  title,
  note,
  table,
  children,
  empty,
}: {
  title: string;
  note?: string;
  table: { head: string[]; rows: (string | number)[][] };
  children: ReactNode;
  empty?: string;
}) {
  return (
    <figure
      className={`${THEME} min-w-0 rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900/60`}
    >
      <figcaption className="mb-3">
        <span className="block text-sm font-semibold">{title}</span>
        {note ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{note}</span> : null}
      </figcaption>
      {empty ? (
        <p className="grid h-[220px] place-items-center text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        // Clipped: right after the window narrows, the SVG keeps its old width until the chart re-measures.
        <div aria-hidden="true" className="overflow-hidden">
          {children}
        </div>
      )}
      {/* A table is as wide as its content whatever its own width, so the hidden box wraps it. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((value, i) => (
                  <td key={table.head[i]}>{value}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

type Row = Record<string, string | number>;

const tableOf = (rows: Row[], xKey: string, xLabel: string, series: Series[], format: ValueFormat, dayAxis: boolean) => ({
  head: [xLabel, ...series.map((s) => s.label)],
  rows: rows.map((r) => [
    dayAxis ? formatDay(String(r[xKey])) : String(r[xKey]),
    ...series.map((s) => formatters[format](Number(r[s.key] ?? 0))),
  ]),
});

/** Room for the longest tick of each kind ("8.6M", "$0.0045", "120 ms") on one line. */
const AXIS_WIDTH: Record<ValueFormat, number> = { count: 44, usd: 60, ms: 60 };

/** The tallest value the chart draws (a stack's total when stacked). */
const maxOf = (rows: Row[], series: Series[], stacked: boolean) =>
  Math.max(
    0,
    ...rows.map((r) =>
      stacked ? series.reduce((t, s) => t + Number(r[s.key] ?? 0), 0) : Math.max(0, ...series.map((s) => Number(r[s.key] ?? 0))),
    ),
  );

/** The horizontal axis of a time series (days) or of categories, with a light base line. */
const xAxisProps = (xKey: string, dayAxis: boolean) => ({
  dataKey: xKey,
  tick,
  tickLine: false,
  axisLine: { stroke: "var(--chart-grid)" },
  tickFormatter: dayAxis ? (d: string) => formatDay(d) : undefined,
  minTickGap: 16,
});

const allZero = (rows: Row[], series: Series[]) => rows.every((r) => series.every((s) => !Number(r[s.key])));

/** Bars per day (stacked by series; `line` series drawn over them), or per category when `dayAxis` is false. */
export function BarsChart({
  title,
  note,
  data,
  xKey,
  xLabel = "Day",
  series,
  format = "count",
  stacked = true,
  dayAxis = true,
  emptyText = "Nothing in this range yet.",
}: {
  title: string;
  note?: string;
  data: Row[];
  xKey: string;
  xLabel?: string;
  series: Series[];
  format?: ValueFormat;
  stacked?: boolean;
  dayAxis?: boolean;
  emptyText?: string;
}) {
  const bars = series.filter((s) => !s.line);
  const lines = series.filter((s) => s.line);
  return (
    <ChartFigure
      title={title}
      note={note}
      table={tableOf(data, xKey, xLabel, series, format, dayAxis)}
      empty={allZero(data, series) ? emptyText : undefined}
    >
      <ComposedChart responsive style={{ width: "100%", height: 220 }} data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis {...xAxisProps(xKey, dayAxis)} />
        <YAxis
          tick={tick}
          tickLine={false}
          axisLine={false}
          width={AXIS_WIDTH[format]}
          tickFormatter={axisFormatter(format, maxOf(data, series, stacked))}
          allowDecimals={format !== "count"}
        />
        <Tooltip
          {...tooltipStyle}
          labelFormatter={(label) => (dayAxis ? formatDay(String(label)) : String(label))}
          formatter={(value) => formatters[format](Number(value))}
        />
        {series.length > 1 ? <Legend wrapperStyle={legendStyle} iconType="circle" iconSize={8} itemSorter={null} /> : null}
        {bars.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            fill={s.color}
            stackId={stacked ? "stack" : undefined}
            radius={stacked ? (i === bars.length - 1 ? [3, 3, 0, 0] : 0) : [3, 3, 0, 0]}
            maxBarSize={28}
            isAnimationActive={false}
          />
        ))}
        {lines.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
    </ChartFigure>
  );
}

/** Horizontal bars per category (error codes, blueprints), longest first. */
export function RankChart({
  title,
  note,
  data,
  labelKey,
  labelTitle,
  series,
  emptyText = "Nothing in this range yet.",
}: {
  title: string;
  note?: string;
  data: Row[];
  labelKey: string;
  labelTitle: string;
  series: Series[];
  emptyText?: string;
}) {
  const height = Math.max(120, data.length * 34 + 40);
  return (
    <ChartFigure
      title={title}
      note={note}
      table={tableOf(data, labelKey, labelTitle, series, "count", false)}
      empty={data.length === 0 ? emptyText : undefined}
    >
      <BarChart
        responsive
        layout="vertical"
        style={{ width: "100%", height }}
        data={data}
        margin={{ top: 0, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
        <XAxis
          type="number"
          tick={tick}
          tickLine={false}
          axisLine={false}
          allowDecimals={false}
          tickFormatter={axisFormatter("count", 0)}
        />
        <YAxis type="category" dataKey={labelKey} tick={tick} tickLine={false} axisLine={false} width={128} interval={0} />
        <Tooltip {...tooltipStyle} formatter={(value) => formatCount(Number(value))} />
        {series.length > 1 ? <Legend wrapperStyle={legendStyle} iconType="circle" iconSize={8} itemSorter={null} /> : null}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} radius={[0, 3, 3, 0]} maxBarSize={18} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

/** Stacked areas per day (members over time). */
export function AreasChart({
  title,
  note,
  data,
  xKey,
  series,
}: {
  title: string;
  note?: string;
  data: Row[];
  xKey: string;
  series: Series[];
}) {
  return (
    <ChartFigure title={title} note={note} table={tableOf(data, xKey, "Day", series, "count", true)}>
      <AreaChart responsive style={{ width: "100%", height: 220 }} data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis {...xAxisProps(xKey, true)} />
        <YAxis tick={tick} tickLine={false} axisLine={false} width={48} allowDecimals={false} tickFormatter={axisFormatter("count", 0)} />
        <Tooltip {...tooltipStyle} labelFormatter={(label) => formatDay(String(label))} formatter={(value) => formatCount(Number(value))} />
        {series.length > 1 ? <Legend wrapperStyle={legendStyle} iconType="circle" iconSize={8} itemSorter={null} /> : null}
        {series.map((s) => (
          <Area
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.label}
            stackId="stack"
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.25}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ChartFigure>
  );
}
