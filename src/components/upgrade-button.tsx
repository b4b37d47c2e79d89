import { buttonClass } from "./ui/styles";

/**
 * Starts the PRO upgrade: a plain form post (it works without JavaScript) that the billing route
 * answers with a 303 to Whop checkout (or, in local mode, to the account page's simulation).
 */
export function UpgradeButton({ label = "Upgrade to PRO", className = "" }: { label?: string; className?: string }) {
  return (
    <form method="post" action="/api/billing/checkout" className={`w-full ${className}`}>
      <button type="submit" className={buttonClass("primary", "lg", "w-full")}>
        {label}
      </button>
    </form>
  );
}
