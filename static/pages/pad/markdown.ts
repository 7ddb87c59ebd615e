/** Markdown preview: markdown-it with raw HTML off, then DOMPurify, then attachments resolved to blob: URLs. */
import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";
import { t } from "../../shared/i18n";

// html: false escapes any HTML typed into a tab; linkify turns bare URLs into links.
const md = new MarkdownIt({ html: false, linkify: true });
const ATTACHMENT = /^attachment:(.+)$/;

// Images never load from a URL (no request to anywhere, not even this origin): an attachment becomes a data
// attribute that is resolved to a blob: URL after sanitising; any other image is shown as its link.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet("src") ?? "");
  const alt = md.utils.escapeHtml(token.content);
  const match = ATTACHMENT.exec(src);
  if (match) return `<img data-attachment="${md.utils.escapeHtml(match[1]!)}" alt="${alt}">`;
  return `<a href="${md.utils.escapeHtml(src)}">${alt || md.utils.escapeHtml(t("pad.md.image"))}</a>`;
};

// DOMPurify drops hrefs with unknown schemes, so attachment links also travel as a data attribute.
const renderLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const match = ATTACHMENT.exec(String(token.attrGet("href") ?? ""));
  if (match) token.attrs = [["data-attachment", match[1]!]];
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** Finds an attachment's blob: URL by its name (or null when the tab refers to a file that is not there). */
export type Resolve = (name: string) => { url: string; image: boolean } | null;

/** Renders `text` into `target`, safely; links open in a new tab without a referrer. */
export function renderMarkdown(target: HTMLElement, text: string, resolve: Resolve): void {
  const html = md.render(text);
  const fragment = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ["style", "form", "input"] });
  for (const img of fragment.querySelectorAll<HTMLImageElement>("img[data-attachment]")) {
    const found = resolve(decode(img.dataset.attachment ?? ""));
    if (found?.image) img.src = found.url;
    else img.replaceWith(t("pad.md.missing", { name: img.alt }));
  }
  for (const link of fragment.querySelectorAll<HTMLAnchorElement>("a[data-attachment]")) {
    const name = decode(link.dataset.attachment ?? "");
    const found = resolve(name);
    if (found) Object.assign(link, { href: found.url, download: name });
  }
  for (const link of fragment.querySelectorAll<HTMLAnchorElement>("a[href]:not([data-attachment])")) {
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
  target.replaceChildren(fragment);
}

function decode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
