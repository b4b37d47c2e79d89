// Renders model output as Markdown. Raw HTML is never parsed (no rehype-raw): react-markdown turns
// it into plain text, so `<script>` or `<img onerror>` from a model is shown, not run. URLs pass
// through react-markdown's default transform, which drops javascript: and other unsafe protocols.
import type { ComponentProps, Ref } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const components: Components = {
  a: ({ node: _node, href, children, ...rest }: ComponentProps<"a"> & { node?: unknown }) => (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  // Remote images in a draft would load third-party content on view; show them as links instead.
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
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
