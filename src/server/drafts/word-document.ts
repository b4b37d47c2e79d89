// Markdown to a Word document: the draft is parsed by the same Markdown parser react-markdown uses
// on the page (mdast with GFM), and each node becomes its Word counterpart through the `docx`
// library: headings keep their level, lists their numbering, code its monospace, tables their cells.
// Raw HTML in a draft is kept as text, as on the page.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { BlockContent, DefinitionContent, List, TableCell as MdTableCell, PhrasingContent, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export interface WordSection {
  /** A line above the section (a thread turn: who and when). */
  heading?: string;
  markdown: string;
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

const MONO = "Consolas";
const ORDERED = "ordered-list";

interface Inline {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  code?: boolean;
  link?: boolean;
}

/** A paragraph's options until the end (quotes and list items add indents), or a finished table. */
type ParagraphOptions = Exclude<ConstructorParameters<typeof Paragraph>[0], string>;
type Block = ParagraphOptions | Table;

const isParagraph = (b: Block): b is ParagraphOptions => !(b instanceof Table);
const toDocx = (b: Block) => (isParagraph(b) ? new Paragraph(b) : b);

/** Per-document state: each ordered list gets its own numbering instance, so every list counts from its start. */
class Converter {
  private nextList = 0;

  blocks(nodes: RootContent[], depth = 0): Block[] {
    return nodes.flatMap((node) => this.block(node, depth));
  }

  private block(node: RootContent, depth: number): Block[] {
    switch (node.type) {
      case "heading":
        return [{ heading: HEADINGS[node.depth - 1], children: this.inlines(node.children) }];
      case "paragraph":
        return [{ children: this.inlines(node.children), spacing: { after: 120 } }];
      case "list":
        return this.list(node, depth);
      case "code":
        return codeBlock(node.value);
      case "blockquote":
        return this.blocks(node.children, depth).map((b) => (isParagraph(b) ? quoted(b) : b));
      case "thematicBreak":
        return [{ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "A1A1AA", space: 1 } } }];
      case "table":
        return [this.table(node.children.map((row) => row.children))];
      case "html":
        return [{ children: [new TextRun(node.value)] }];
      case "definition":
      case "footnoteDefinition":
        return [];
      default:
        return "children" in node ? this.blocks(node.children as RootContent[], depth) : [];
    }
  }

  private list(list: List, depth: number): Block[] {
    const instance = this.nextList++;
    const level = Math.min(depth, 8);
    return list.children.flatMap((item) => {
      const [first, ...rest] = item.children as (BlockContent | DefinitionContent)[];
      const check = item.checked === true ? "☑ " : item.checked === false ? "☐ " : "";
      const marker = list.ordered ? { numbering: { reference: ORDERED, level, instance } } : { bullet: { level } };
      const lead =
        first?.type === "paragraph"
          ? [{ ...marker, children: [...(check ? [new TextRun(check)] : []), ...this.inlines(first.children)] }]
          : [{ ...marker, children: check ? [new TextRun(check)] : [] }, ...(first ? this.block(first, depth + 1) : [])];
      const more = rest.flatMap((child) =>
        child.type === "list"
          ? this.list(child, depth + 1)
          : this.block(child, depth + 1).map((b) => (isParagraph(b) ? indented(b, level) : b)),
      );
      return [...lead, ...more];
    });
  }

  private table(rows: MdTableCell[][]): Table {
    const columns = Math.max(1, ...rows.map((r) => r.length));
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: rows.map(
        (cells, r) =>
          new TableRow({
            tableHeader: r === 0,
            children: Array.from({ length: columns }, (_, c) => {
              const cell = cells[c];
              return new TableCell({
                children: [new Paragraph({ children: cell ? this.inlines(cell.children, r === 0 ? { bold: true } : {}) : [] })],
              });
            }),
          }),
      ),
    });
  }

  inlines(nodes: PhrasingContent[], style: Inline = {}): ParagraphChild[] {
    return nodes.flatMap((node) => this.inline(node, style));
  }

  private inline(node: PhrasingContent, style: Inline): ParagraphChild[] {
    switch (node.type) {
      case "text":
        return [run(node.value, style)];
      case "strong":
        return this.inlines(node.children, { ...style, bold: true });
      case "emphasis":
        return this.inlines(node.children, { ...style, italics: true });
      case "delete":
        return this.inlines(node.children, { ...style, strike: true });
      case "inlineCode":
        return [run(node.value, { ...style, code: true })];
      case "break":
        return [new TextRun({ text: "", break: 1 })];
      case "link":
        return safeLink(node.url)
          ? [new ExternalHyperlink({ link: node.url, children: this.inlines(node.children, { ...style, link: true }) as TextRun[] })]
          : this.inlines(node.children, style);
      case "image":
        // As on the page: a remote image is a link, never fetched.
        return safeLink(node.url)
          ? [new ExternalHyperlink({ link: node.url, children: [run(node.alt || node.url, { ...style, link: true })] })]
          : [run(node.alt ?? "", style)];
      case "html":
        return [run(node.value, style)];
      default:
        return "children" in node ? this.inlines(node.children as PhrasingContent[], style) : [];
    }
  }
}

function run(text: string, style: Inline): TextRun {
  return new TextRun({
    text,
    bold: style.bold,
    italics: style.italics,
    strike: style.strike,
    ...(style.code ? { font: MONO, shading: { type: ShadingType.CLEAR, fill: "F4F4F5", color: "auto" } } : {}),
    ...(style.link ? { style: "Hyperlink" } : {}),
  });
}

const safeLink = (url: string) => /^(https?:|mailto:)/i.test(url);

function codeBlock(value: string): ParagraphOptions[] {
  return value.split("\n").map((line) => ({
    children: [new TextRun({ text: line || " ", font: MONO, size: 20 })],
    shading: { type: ShadingType.CLEAR, fill: "F4F4F5", color: "auto" },
    spacing: { after: 0 },
  }));
}

const quoted = (p: ParagraphOptions): ParagraphOptions => ({
  ...p,
  indent: { left: 567 },
  border: { left: { style: BorderStyle.SINGLE, size: 12, color: "C7D2FE", space: 8 } },
});

const indented = (p: ParagraphOptions, level: number): ParagraphOptions => ({ ...p, indent: { left: 720 * (level + 1) } });

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** A .docx (a zip whose word/document.xml holds the text) with a title, a byline and the sections. */
export async function markdownToWord(doc: { title: string; subtitle?: string; sections: WordSection[] }): Promise<Uint8Array> {
  const converter = new Converter();
  const children: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] })];
  if (doc.subtitle) children.push(new Paragraph({ children: [new TextRun({ text: doc.subtitle, italics: true, color: "52525B" })] }));
  for (const section of doc.sections) {
    if (section.heading) {
      children.push(
        new Paragraph({
          children: [new TextRun({ text: section.heading, bold: true, color: "4338CA" })],
          spacing: { before: 360, after: 120 },
          border: { top: { style: BorderStyle.SINGLE, size: 6, color: "E4E4E7", space: 8 } },
        }),
      );
    }
    children.push(...converter.blocks(parseMarkdown(section.markdown).children).map(toDocx));
  }
  const document = new Document({
    creator: "AI SSA Studio",
    title: doc.title,
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
