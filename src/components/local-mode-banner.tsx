import { getConfig } from "@/server/app-config";
import { localStandIns } from "@/server/config";

/** Says plainly which parts run on local stand-ins, so nobody mistakes local mode for production. */
export function LocalModeBanner() {
  const parts = localStandIns(getConfig());
  if (parts.length === 0) return null;
  return (
    <div
      role="status"
      className="bg-amber-100 px-4 py-2 text-center text-xs sm:text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong className="font-semibold">Local mode.</strong> Stand-ins in use: {parts.join(", ")}.
      <span className="hidden sm:inline"> Configure the environment variables in the README for production.</span>
    </div>
  );
}
