import { escapeXml } from './svg-chart.js';

/**
 * The small Markdown subset the report uses (headings, tables, bullet lists, bold, paragraphs)
 * to HTML, every piece of text escaped. Not a general Markdown renderer.
 */
export function renderMarkdownTablesAsHtml(md: string): string {
  const lines = md.split('\n');
  const out: string[] = [];
  const inline = (s: string) => escapeXml(s.replace(/\\\|/g, '|')).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  const cells = (l: string) => l.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
  let i = 0;
  let chartPlaced = false;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.startsWith('|') && lines[i + 1]?.startsWith('|---')) {
      const head = cells(l);
      const align = cells(lines[i + 1]!).map((c) => c.endsWith(':'));
      out.push('<table><thead><tr>', ...head.map((h) => `<th>${inline(h)}</th>`), '</tr></thead><tbody>');
      i += 2;
      while (i < lines.length && lines[i]!.startsWith('|')) {
        out.push('<tr>', ...cells(lines[i]!).map((c, j) => `<td${align[j] ? ' class="n"' : ''}>${inline(c)}</td>`), '</tr>');
        i++;
      }
      out.push('</tbody></table>');
      continue;
    }
    const h = /^(#{1,3}) (.*)$/.exec(l);
    if (h) out.push(`<h${h[1]!.length}>${inline(h[2]!)}</h${h[1]!.length}>`);
    else if (l.startsWith('  - ')) out.push(`<ul><li>${inline(l.slice(4))}</li></ul>`);
    else if (l.startsWith('- ')) out.push(`<ul><li>${inline(l.slice(2))}</li></ul>`);
    else if (l.trim() !== '') {
      out.push(`<p>${inline(l)}</p>`);
      if (!chartPlaced && l.startsWith('**Projected')) {
        out.push('<!--chart-->');
        chartPlaced = true;
      }
    }
    i++;
  }
  return out.join('\n');
}
