import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireAdmin } from "@/app/_lib/viewer";
import { AdminNav } from "@/components/admin/admin-nav";
import { pageContainer } from "@/components/ui/styles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · AI SSA Studio" }, robots: { index: false } };

// The admin section exists only for admins: anyone else gets the app's own 404 (the layout checks
// before anything of the section renders, and every page checks again before reading data).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <div className={`${pageContainer} flex flex-col gap-6 pt-6 pb-16`}>
      <AdminNav />
      {children}
    </div>
  );
}
