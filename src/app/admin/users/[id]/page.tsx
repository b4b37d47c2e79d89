import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/app/_lib/viewer";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { formatCount, formatMs, formatUsd } from "@/components/admin/format";
import { GrantCompForm } from "@/components/admin/grant-comp-form";
import { StatCard } from "@/components/admin/stat-card";
import { AdminTable, cell, wideCell } from "@/components/admin/table";
import { formatDate, formatDateTime } from "@/components/format";
import { Badge, TierBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { cardClass } from "@/components/ui/styles";
import { AUDIT_ACTIONS, listAudit } from "@/server/admin/audit";
import { memberDetail, RECENT_CALLS } from "@/server/admin/members";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Member" };

const statusTone = { complete: "green", failed: "red", aborted: "amber", streaming: "brand" } as const;

export default async function MemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireAdmin();
  const { id } = await params;
  const [member, audit] = await Promise.all([
    memberDetail(ctx.db, ctx.config, id, ctx.now()),
    listAudit(ctx.db, { identityId: id, limit: 50 }),
  ]);
  if (!member) notFound();
  const tierGrant = member.grants.find((g) => g.inForce && g.tier === member.tier && g.source === member.tierSource);
  return (
    <>
      <PageHeader
        title={member.email}
        lead={
          <span className="flex flex-col gap-0.5 text-sm">
            <span className="font-mono break-all">{member.whopUserId}</span>
            <span>
              Signed up {formatDate(member.createdAt)} · last sign-in {formatDateTime(member.lastSignInAt)}
            </span>
          </span>
        }
        actions={
          <Link href="/admin/users" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">
            ← All members
          </Link>
        }
      />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <StatCard
          label="Tier now"
          value={<TierBadge tier={member.tier} />}
          note={
            tierGrant ? `${tierGrant.source}${tierGrant.expiresAt ? ` until ${formatDate(tierGrant.expiresAt)}` : ""}` : "no grant in force"
          }
          testId="member-tier"
        />
        <StatCard label="Generations today" value={formatCount(member.usageToday)} />
        <StatCard label="Last 30 days" value={formatCount(member.usage30d)} />
        <StatCard
          label="Grants"
          value={formatCount(member.grants.length)}
          note={`${member.grants.filter((g) => g.inForce).length} in force`}
        />
      </div>

      <section className={`${cardClass} flex flex-col gap-3 p-4`} aria-labelledby="grant-heading">
        <div>
          <h2 id="grant-heading" className="text-base font-semibold">
            Grant PRO (comp)
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            PRO for a number of days, from the member&apos;s next request. Not a Whop membership: reconciliation leaves it alone and it ends
            on its date.
          </p>
        </div>
        <GrantCompForm identityId={member.id} />
      </section>

      <AdminTable
        caption="Grants"
        columns={[{ label: "Grant" }, { label: "Status" }, { label: "From", wide: true }, { label: "Until", wide: true }, { label: "" }]}
        empty="No grants."
      >
        {member.grants.map((g) => (
          <tr key={g.id}>
            <td className={cell}>
              <span className="flex flex-wrap items-center gap-1.5">
                <TierBadge tier={g.tier} />
                <span className="font-medium">{g.source}</span>
              </span>
              <span className="block text-xs break-words text-zinc-500 dark:text-zinc-400">
                {g.source === "comp"
                  ? `by ${g.grantedBy ?? "a removed admin"}`
                  : g.source === "whop"
                    ? `${g.whopMembershipId} · ${g.whopStatus ?? "—"}`
                    : "every member's FREE grant"}
              </span>
              <span className="block text-xs text-zinc-500 sm:hidden dark:text-zinc-400">
                {formatDate(g.activatedAt)} → {g.expiresAt ? formatDate(g.expiresAt) : "open"}
              </span>
            </td>
            <td className={cell}>
              <Badge tone={g.inForce ? "green" : "zinc"} className="whitespace-nowrap">
                {g.inForce ? "in force" : g.status === "ACTIVE" ? "ended" : g.status.toLowerCase()}
              </Badge>
            </td>
            <td className={`${cell} ${wideCell} whitespace-nowrap`}>{formatDateTime(g.activatedAt)}</td>
            <td className={`${cell} ${wideCell} whitespace-nowrap`}>
              {g.expiresAt ? formatDateTime(g.expiresAt) : g.inForce ? "—" : `ended ${formatDateTime(g.updatedAt)}`}
            </td>
            <td className={cell}>
              {g.source === "comp" && g.inForce ? (
                <ConfirmAction
                  action={{ kind: "revoke", grantId: g.id }}
                  label={`Revoke the comp grant until ${formatDate(g.expiresAt)}`}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </AdminTable>

      <AdminTable
        caption={`Recent generations (newest ${RECENT_CALLS}, metadata only)`}
        columns={[
          { label: "When" },
          { label: "Model", wide: true },
          { label: "Outcome" },
          { label: "Blueprint", wide: true },
          { label: "Tokens in / out", wide: true, align: "right" },
          { label: "TTFT", wide: true, align: "right" },
          { label: "Cost", align: "right" },
        ]}
        empty="No generations yet."
      >
        {member.recent.map((c) => (
          <tr key={c.id}>
            <td className={`${cell} whitespace-nowrap`}>
              {formatDateTime(c.startedAt)}
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                {c.kind === "follow_up" ? "follow-up" : "new draft"} · {c.tier}
                <span className="sm:hidden"> · {c.model}</span>
              </span>
            </td>
            <td className={`${cell} ${wideCell}`}>
              {c.model}
              <span className="block text-xs break-all text-zinc-500 dark:text-zinc-400">{c.providerModel}</span>
            </td>
            <td className={cell}>
              <Badge tone={statusTone[c.status as keyof typeof statusTone] ?? "zinc"} className="whitespace-nowrap">
                {c.status}
              </Badge>
              {c.errorCode ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{c.errorCode}</span> : null}
              {c.unitRefunded ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">unit given back</span> : null}
            </td>
            <td className={`${cell} ${wideCell}`}>{c.blueprint ?? "(removed)"}</td>
            <td className={`${cell} ${wideCell} text-right tabular-nums whitespace-nowrap`}>
              {c.inputTokens ?? "—"} / {c.outputTokens ?? "—"}
            </td>
            <td className={`${cell} ${wideCell} text-right tabular-nums whitespace-nowrap`}>{formatMs(c.ttftMs)}</td>
            <td className={`${cell} text-right tabular-nums`}>{formatUsd(c.costUsd)}</td>
          </tr>
        ))}
      </AdminTable>

      <AdminTable
        caption="Audit log for this member"
        columns={[{ label: "When" }, { label: "What" }, { label: "Why", wide: true }]}
        empty="No admin has acted on this member."
      >
        {audit.map((a) => (
          <tr key={a.id}>
            <td className={`${cell} whitespace-nowrap`}>
              {formatDateTime(a.at)}
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{a.actor}</span>
            </td>
            <td className={cell}>
              {AUDIT_ACTIONS[a.action as keyof typeof AUDIT_ACTIONS] ?? a.action}
              <span className="block text-xs break-words text-zinc-600 sm:hidden dark:text-zinc-300">“{a.reason}”</span>
            </td>
            <td className={`${cell} ${wideCell} break-words`}>{a.reason}</td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
