// Renders model output as Markdown. Raw HTML is never parsed (no rehype-raw): react-markdown turns
// it into plain text, so `<script>` or `<img onerror>` from a model is shown, not run. Only absolute
// http(s) links render as links; protocol-relative (`//host`), relative and every other scheme
// (mailto:, data:, javascript:, …) render as their text.
import type { ComponentProps, Ref } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

/** The link target when it is an absolute http(s) URL, else null. */
export function safeLinkTarget(href: unknown): string | null {
  if (typeof href !== "string" || !/^https?:\/\//i.test(href.trim())) return null;
  try {
    const url = new URL(href.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

const components: Components = {
  a: ({ node: _node, href, children, ...rest }: ComponentProps<"a"> & { node?: unknown }) => {
    const target = safeLinkTarget(href);
    if (!target) return <span>{children}</span>;
    return (
      <a {...rest} href={target} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  },
  // Remote images in a draft would load third-party content on view; show them as links instead.
  img: ({ src, alt }) => {
    const target = safeLinkTarget(src);
    if (!target) return <span>{alt || ""}</span>;
    return (
      <a href={target} target="_blank" rel="noopener noreferrer nofollow">
        {alt || target}
      </a>
    );
  },
};

export function Markdown({ text, className = "", ref }: { text: string; className?: string; ref?: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} className={`markdown ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
