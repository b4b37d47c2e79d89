// Why a sign-in was refused, in words the login page can show. The callback redirects to
// /login?error=<code>; nothing else about the failure (tokens, provider messages) reaches the URL.

export const SIGN_IN_ERRORS = {
  access_denied: "Sign-in was cancelled at Whop, or Whop did not allow it. You can try again whenever you like.",
  state_mismatch:
    "This sign-in response does not belong to the sign-in you started here (it was reused or came from another tab). Please start again.",
  sign_in_expired: "Your sign-in took longer than 10 minutes, or this browser did not keep our sign-in cookie. Please start again.",
  code_rejected: "Whop did not accept this sign-in (the sign-in link may have been used already). Please start again.",
  id_token_invalid: "We could not verify the identity Whop sent back, so we did not sign you in. Please try again.",
  profile_incomplete: "Your Whop account did not share an email address with us, which we need to sign you in.",
  unsafe_return_to: "That sign-in link wanted to send you to a page outside AI SSA Studio, so we stopped it. Sign in from here instead.",
  provider_error: "Whop reported a problem with this sign-in. Please try again.",
  provider_unavailable: "We could not reach the sign-in service just now. Please try again in a moment.",
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    /** For the log only: which check failed and why. Never shown to the user. */
    readonly reason: string,
  ) {
    super(SIGN_IN_ERRORS[code]);
    this.name = "SignInError";
  }
}

/** The message for a code in a /login?error= link; unknown codes get a generic sentence. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return code in SIGN_IN_ERRORS ? SIGN_IN_ERRORS[code as SignInErrorCode] : SIGN_IN_ERRORS.provider_error;
}
