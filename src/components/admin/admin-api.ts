// The admin actions' calls to the JSON API: same-origin, JSON bodies, failures as ApiRequestError.
import { apiFetch } from "../api-error";

async function send<T>(path: string, method: "POST" | "DELETE", body: unknown): Promise<T> {
  const response = await apiFetch(path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return response.json() as Promise<T>;
}

export const grantComp = (identityId: string, days: number, reason: string) =>
  send<{ grant: { id: string; tier: string; expiresAt: string } }>("/api/admin/grants", "POST", { identityId, days, reason });

export const revokeComp = (grantId: string, reason: string) =>
  send<{ grant: { id: string } }>(`/api/admin/grants/${encodeURIComponent(grantId)}`, "DELETE", { reason });

export const replayWebhook = (eventId: string, reason: string) =>
  send<{ outcome: string }>(`/api/admin/webhooks/${encodeURIComponent(eventId)}/replay`, "POST", reason ? { reason } : {});
