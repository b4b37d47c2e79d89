// The admin pages' tables: a titled card whose table scrolls sideways inside it on a phone (the
// page itself never does), with an empty state. Columns marked `wide` show from the sm breakpoint.
import type { ReactNode } from "react";
import { cardClass } from "@/components/ui/styles";

export interface Column {
  label: string;
  /** Hidden on phones: a detail the row can do without. */
  wide?: boolean;
  align?: "right";
}

export const cell = "px-3 py-2.5 align-top sm:px-4";
export const wideCell = "hidden sm:table-cell";

export function AdminTable({
  caption,
  columns,
  children,
  empty,
  actions,
}: {
  caption: string;
  columns: Column[];
  children: ReactNode[];
  empty: string;
  actions?: ReactNode;
}) {
  return (
    <section className={`${cardClass} min-w-0 overflow-hidden`} aria-label={caption}>
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-4">
        <h2 className="text-base font-semibold">{caption}</h2>
        {actions}
      </div>
      {children.length === 0 ? (
        <p className="px-4 pt-2 pb-4 text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-800/60 dark:text-zinc-400">
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    className={`px-3 py-2 font-medium whitespace-nowrap sm:px-4 ${c.wide ? wideCell : ""} ${c.align === "right" ? "text-right" : ""}`}
                  >
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
