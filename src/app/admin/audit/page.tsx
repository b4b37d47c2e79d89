import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/viewer";
import { AdminTable, cell, wideCell } from "@/components/admin/table";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/styles";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, auditCursor, listAudit } from "@/server/admin/audit";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

function describeDetails(details: Record<string, unknown> | null): string | null {
  if (!details) return null;
  if (typeof details.days === "number") return `${details.days} days, until ${formatDateTime(String(details.expiresAt))}`;
  if (typeof details.after === "string") return `${String(details.before)} → ${details.after}`;
  return null;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await requireAdmin();
  const raw = (await searchParams).before;
  const before = auditCursor.decode(Array.isArray(raw) ? raw[0] : raw);
  const entries = await listAudit(ctx.db, { before });
  const last = entries.at(-1);
  return (
    <>
      <PageHeader
        title="Audit log"
        lead="Every change an admin made to a member or a webhook: who, when, what, to whom and why. Newest first."
      />
      <AdminTable
        caption={before ? "Older entries" : "Latest entries"}
        columns={[{ label: "When" }, { label: "What" }, { label: "To whom", wide: true }, { label: "Why", wide: true }]}
        empty={before ? "Nothing older." : "No admin action yet."}
      >
        {entries.map((a) => {
          const details = describeDetails(a.details);
          return (
            <tr key={a.id}>
              <td className={`${cell} whitespace-nowrap`}>
                {formatDateTime(a.at)}
                <span className="block max-w-[10rem] truncate text-xs text-zinc-500 sm:max-w-none dark:text-zinc-400">{a.actor}</span>
              </td>
              <td className={cell}>
                {AUDIT_ACTIONS[a.action as keyof typeof AUDIT_ACTIONS] ?? a.action}
                {details ? <span className="block text-xs break-words text-zinc-500 dark:text-zinc-400">{details}</span> : null}
                <span className="block text-xs break-words text-zinc-600 sm:hidden dark:text-zinc-300">
                  {a.target ? `${a.target}: ` : ""}“{a.reason}”
                </span>
              </td>
              <td className={`${cell} ${wideCell} max-w-xs`}>
                {a.targetIdentityId ? (
                  <Link
                    href={`/admin/users/${encodeURIComponent(a.targetIdentityId)}`}
                    className="block truncate text-brand-700 hover:underline dark:text-brand-300"
                  >
                    {a.target ?? "member"}
                  </Link>
                ) : null}
                {a.action === "webhook.replay" && a.targetRef ? (
                  <Link
                    href={`/admin/webhooks/${encodeURIComponent(a.targetRef)}`}
                    className="block truncate font-mono text-xs text-brand-700 hover:underline dark:text-brand-300"
                  >
                    {a.targetRef}
                  </Link>
                ) : null}
                {!a.targetIdentityId && a.action !== "webhook.replay" ? (a.target ?? "—") : null}
              </td>
              <td className={`${cell} ${wideCell} break-words`}>{a.reason}</td>
            </tr>
          );
        })}
      </AdminTable>
      {last && entries.length === AUDIT_PAGE_SIZE ? (
        <div>
          <Link href={`/admin/audit?before=${encodeURIComponent(auditCursor.encode(last))}`} className={buttonClass("secondary", "sm")}>
            Older entries
          </Link>
        </div>
      ) : null}
    </>
  );
}
