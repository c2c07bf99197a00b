/**
 * Renders the notice from its own text (the published markdown-like text, kept verbatim): headings,
 * paragraphs, numbered lists, bold, links. Only what the notice uses — no general markdown engine.
 * The attachment's table is not rendered from text: the page shows the catalogue from the API instead.
 */
import type { ReactNode } from 'react';

// How the printed notice lays out its own lines (text of the notice, not of this UI).
const CENTRED = /^沪人社职〔\d{4}〕\d+号$/; // i18n-exempt
const RIGHT = /^(上海市人力资源和社会保障局|\d{4} ?年 ?\d+ ?月 ?\d+ ?日|（此件主动公开）)$/; // i18n-exempt
const ATTACHMENT = '\n## 附件'; // i18n-exempt

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  // **bold**, [label](url), <url>
  const re = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)]+)\)|<(https?:[^>]+)>/g;
  let last = 0;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const k = `${key}-${n++}`;
    if (m[1]) out.push(<strong key={k}>{m[1]}</strong>);
    else if (m[2] && m[3])
      out.push(
        <a key={k} href={m[3]} rel="noopener noreferrer" target="_blank">
          {m[2]}
        </a>,
      );
    else if (m[4])
      out.push(
        <a key={k} href={m[4]} rel="noopener noreferrer" target="_blank">
          {m[4]}
        </a>,
      );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export interface RenderedNotice {
  title: string;
  body: ReactNode[];
}

/** `text` up to (not including) the attachment. The first `##` heading is the notice's title (h1). */
export function renderNotice(text: string): RenderedNotice {
  const lines = text.split(/\r?\n/);
  const body: ReactNode[] = [];
  let title = '';
  let list: string[] = [];
  const flush = (i: number) => {
    if (!list.length) return;
    body.push(
      <ol key={`ol-${i}`}>
        {list.map((l, j) => (
          <li key={j}>{inline(l, `li-${i}-${j}`)}</li>
        ))}
      </ol>,
    );
    list = [];
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const numbered = /^\d+\.\s+(.*)$/.exec(line);
    if (numbered) {
      list.push(numbered[1]!);
      return;
    }
    flush(i);
    if (!line) return;
    if (line === '---') body.push(<hr key={i} />);
    else if (line.startsWith('### ')) body.push(<h3 key={i}>{inline(line.slice(4), `h3-${i}`)}</h3>);
    else if (line.startsWith('## ')) {
      if (!title) {
        title = line.slice(3);
        body.push(<h1 key={i}>{title}</h1>);
      } else body.push(<h2 key={i}>{inline(line.slice(3), `h2-${i}`)}</h2>);
    } else if (line.startsWith('# '))
      body.push(
        <p key={i} className="center notice-red-heading">
          {line.slice(2)}
        </p>,
      );
    else if (CENTRED.test(line))
      body.push(
        <p key={i} className="center">
          {line}
        </p>,
      );
    else if (RIGHT.test(line))
      body.push(
        <p key={i} className="right">
          {line}
        </p>,
      );
    else body.push(<p key={i}>{inline(line, `p-${i}`)}</p>);
  });
  flush(lines.length);
  return { title, body };
}

/** The notice's text before its attachment, and the attachment's heading. */
export function splitAttachment(text: string): { main: string; attachmentTitle: string } {
  const at = text.indexOf(ATTACHMENT);
  if (at < 0) return { main: text, attachmentTitle: '' };
  const rest = text
    .slice(at)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const heading = rest.find((l) => l.startsWith('# ') && !l.startsWith('## '));
  return { main: text.slice(0, at), attachmentTitle: heading ? heading.slice(2) : '' };
}
