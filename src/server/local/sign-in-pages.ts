// The local provider's pages: self-contained HTML (no external fonts or scripts), light and dark,
// usable on a phone. It says on every page that it is the local development stand-in, not Whop.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100dvh;display:grid;place-items:center;padding:24px 16px;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f5;color:#18181b}
main{width:100%;max-width:420px;background:#fff;border:1px solid #e4e4e7;border-radius:16px;padding:28px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.badge{display:inline-block;font-size:12px;font-weight:600;letter-spacing:.02em;text-transform:uppercase;color:#92400e;background:#fef3c7;border-radius:999px;padding:3px 10px}
h1{font-size:22px;line-height:1.3;margin:14px 0 6px}
p{margin:0 0 12px;color:#52525b;font-size:15px}
label{display:block;font-weight:600;font-size:14px;margin:18px 0 6px}
input{width:100%;font:inherit;padding:11px 12px;border:1px solid #d4d4d8;border-radius:10px;background:#fff;color:inherit}
input:focus{outline:2px solid #6d28d9;outline-offset:1px;border-color:#6d28d9}
.error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;border-radius:10px;padding:10px 12px;font-size:14px;margin-top:14px}
.actions{display:flex;gap:10px;margin-top:18px;flex-wrap:wrap}
button{font:inherit;font-weight:600;border-radius:10px;padding:11px 16px;cursor:pointer;border:1px solid transparent}
.primary{flex:1;background:#6d28d9;color:#fff}.primary:hover{background:#5b21b6}
.secondary{background:transparent;border-color:#d4d4d8;color:inherit}.secondary:hover{background:#f4f4f5}
.fine{font-size:13px;color:#71717a;margin-top:18px}
code{font-size:13px;background:#f4f4f5;border-radius:6px;padding:1px 5px}
@media (prefers-color-scheme:dark){
body{background:#09090b;color:#f4f4f5}main{background:#18181b;border-color:#27272a}
p{color:#a1a1aa}.fine{color:#a1a1aa}input{background:#09090b;border-color:#3f3f46}
.badge{background:#451a03;color:#fde68a}.secondary{border-color:#3f3f46}.secondary:hover{background:#27272a}
.error{background:#450a0a;border-color:#7f1d1d;color:#fecaca}code{background:#27272a}}
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface SignInPageOptions {
  uid: string;
  clientName: string;
  email?: string;
  error?: string;
}

export function signInPage({ uid, clientName, email, error }: SignInPageOptions): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return layout(
    "Local sign-in · development only",
    `<span class="badge">Local development provider</span>
<h1>Sign in to ${escapeHtml(clientName)}</h1>
<p>This is the local sign-in provider that stands in for Whop while the app runs in local mode. It is <strong>not Whop</strong>: there is no password, and no real account is involved.</p>
<p>Type any email address to sign in as that person. The same email always gets the same user id.</p>
<form method="post" action="${action}/login" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" inputmode="email" autocomplete="email" placeholder="you@example.com" required autofocus value="${escapeHtml(email ?? "")}">
${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ""}
<div class="actions"><button class="primary" type="submit">Continue</button>
<button class="secondary" type="submit" formaction="${action}/abort">Cancel</button></div>
</form>
<p class="fine">${escapeHtml(clientName)} will receive your email, name and username (scopes <code>openid profile email</code>).</p>`,
  );
}

export function errorPage(message: string): string {
  return layout(
    "Local sign-in error",
    `<span class="badge">Local development provider</span><h1>Sign-in could not continue</h1><p>${escapeHtml(message)}</p>
<p class="fine">Go back to the app and start signing in again.</p>`,
  );
}

export function avatarSvg(label: string): string {
  const initial = escapeHtml((label.trim()[0] ?? "?").toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="48" fill="#6d28d9"/><text x="48" y="60" font-family="system-ui,sans-serif" font-size="42" font-weight="600" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
}
