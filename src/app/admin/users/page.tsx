import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/app/_lib/viewer";
import { formatCount } from "@/components/admin/format";
import { AdminTable, cell, wideCell } from "@/components/admin/table";
import { formatDate, formatDateTime } from "@/components/format";
import { TierBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/styles";
import { MEMBER_PAGE_SIZE, searchMembers } from "@/server/admin/members";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx } = await requireAdmin();
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) ?? "";
  const members = await searchMembers(ctx.db, { q, now: ctx.now() });
  return (
    <>
      <PageHeader
        title="Members"
        lead={`${q ? `Members matching “${q}”.` : `The newest ${MEMBER_PAGE_SIZE} sign-ups. Search by email or Whop user id.`} Calls: model calls today / over the last 30 days.`}
      />
      <search>
        <form method="get" className="flex flex-col gap-2 sm:flex-row">
          <label htmlFor="member-search" className="sr-only">
            Email or Whop user id
          </label>
          <input
            id="member-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder="Email or user_…"
            className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm sm:max-w-md dark:border-zinc-700 dark:bg-zinc-950"
          />
          <button type="submit" className={buttonClass("primary", "md")}>
            Search
          </button>
        </form>
      </search>
      <AdminTable
        caption={q ? `${members.length === MEMBER_PAGE_SIZE ? `First ${MEMBER_PAGE_SIZE}` : members.length} found` : "Newest members"}
        columns={[
          { label: "Member" },
          { label: "Tier" },
          { label: "Calls", align: "right" },
          { label: "Signed up", wide: true },
          { label: "Last sign-in", wide: true },
        ]}
        empty={q ? "No member matches this search." : "No members yet."}
      >
        {members.map((m) => (
          <tr key={m.id}>
            <td className={`${cell} max-w-[11rem] sm:max-w-none`}>
              <Link
                href={`/admin/users/${encodeURIComponent(m.id)}`}
                className="block truncate font-medium text-brand-700 hover:underline dark:text-brand-300"
              >
                {m.email}
              </Link>
              <span className="block truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{m.whopUserId}</span>
            </td>
            <td className={cell}>
              <TierBadge tier={m.tier} />
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                {m.tierSource === "comp" ? `comp until ${formatDate(m.tierExpiresAt)}` : (m.tierSource ?? "no grant")}
              </span>
            </td>
            <td className={`${cell} text-right whitespace-nowrap tabular-nums`} title="today / last 30 days">
              {formatCount(m.usageToday)} / {formatCount(m.usage30d)}
            </td>
            <td className={`${cell} ${wideCell} whitespace-nowrap`}>{formatDate(m.createdAt)}</td>
            <td className={`${cell} ${wideCell} whitespace-nowrap`}>{formatDateTime(m.lastSignInAt)}</td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
