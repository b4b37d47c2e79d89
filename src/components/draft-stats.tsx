// Words and characters of a draft, as writers count them: words are runs of letters or digits (so
// Markdown's #, * and - are not words), characters are what Copy puts on the clipboard.

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu)?.length ?? 0;
}

export function countCharacters(text: string): number {
  return [...text].length;
}

export function DraftStats({ text, className = "" }: { text: string; className?: string }) {
  const words = countWords(text);
  const characters = countCharacters(text);
  return (
    <p data-testid="draft-stats" className={`text-xs tabular-nums text-zinc-500 dark:text-zinc-400 ${className}`}>
      {words.toLocaleString("en-US")} {words === 1 ? "word" : "words"} · {characters.toLocaleString("en-US")}{" "}
      {characters === 1 ? "character" : "characters"}
    </p>
  );
}
