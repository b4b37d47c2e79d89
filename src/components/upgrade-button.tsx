import { buttonClass } from "./ui/styles";

/** Starts Whop checkout for PRO; the billing route answers with a redirect to Whop. */
export function UpgradeButton({ label = "Upgrade to PRO", className = "" }: { label?: string; className?: string }) {
  return (
    <form method="post" action="/api/billing/checkout" className={className}>
      <button type="submit" className={buttonClass("primary", "lg", "w-full")}>
        {label}
      </button>
    </form>
  );
}
