import { buttonClass } from "./ui/styles";

/**
 * Starts the PRO upgrade: the billing route answers GET with a 303 to Whop checkout (or, in local
 * mode, to the account page's simulation). A plain link, so it works without JavaScript.
 */
export function UpgradeButton({ label = "Upgrade to PRO", className = "" }: { label?: string; className?: string }) {
  return (
    <a href="/api/billing/checkout" className={buttonClass("primary", "lg", `w-full ${className}`)}>
      {label}
    </a>
  );
}
