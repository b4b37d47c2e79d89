// Local mode's PRO plan: with no PRO plan or product configured (and never in production), this
// plan id stands for PRO, so `npm run whop:trigger` and the account page's simulation unlock PRO
// without a Whop account. The composition root puts it in config.whop.proPlanIds.
export const LOCAL_PRO_PLAN_ID = "plan_local_pro";
