// The draft actions' calls to the JSON API, with same-origin credentials and failures as
// ApiRequestError (the UI words them with friendlyError).
import { apiFetch } from "../api-error";

const outputPath = (id: string) => `/api/outputs/${encodeURIComponent(id)}`;

const jsonInit = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? {} : { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

export async function renameDraft(id: string, title: string): Promise<{ id: string; title: string }> {
  return (await apiFetch(outputPath(id), jsonInit("PATCH", { title }))).json();
}

export async function deleteDraft(id: string): Promise<void> {
  await apiFetch(outputPath(id), jsonInit("DELETE"));
}

export async function shareDraft(id: string): Promise<{ url: string }> {
  return (await apiFetch(`${outputPath(id)}/share`, jsonInit("POST", {}))).json();
}

export async function unshareDraft(id: string): Promise<void> {
  await apiFetch(`${outputPath(id)}/share`, jsonInit("DELETE"));
}

export const exportHref = (id: string, format: "md" | "docx", scope: "latest" | "thread") =>
  `${outputPath(id)}/export?format=${format}&scope=${scope}`;
