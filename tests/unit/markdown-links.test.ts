// Links in model output: only absolute http(s) URLs become links; everything else shows as text.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeLinkTarget } from "@/components/markdown";

const html = (text: string) => renderToStaticMarkup(Markdown({ text }));

describe("links in a draft", () => {
  it.each(["https://example.com/a?b=c", "http://example.com"])("%s renders as a link that opens apart", (url) => {
    expect(html(`[site](${url})`)).toMatch(/<a href="http[^"]*" target="_blank" rel="noopener noreferrer nofollow">site<\/a>/);
  });

  it.each([
    "//evil.example/steal",
    "/studio/account",
    "relative/path",
    "mailto:someone@example.com",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "ftp://files.example.com",
  ])("%s renders as text", (url) => {
    const out = html(`[click here](${url})`);
    expect(out).not.toMatch(/<a /);
    expect(out).toContain("click here");
    expect(safeLinkTarget(url)).toBeNull();
  });

  it("a protocol-relative image is not loaded and not linked", () => {
    expect(html("![x](//evil.example/pixel.png)")).not.toMatch(/<a |<img /);
  });
});
