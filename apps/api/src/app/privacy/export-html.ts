import type { CustomerExportDto } from '@complaint-desk/contracts';

/** Text for HTML element content and attribute values: & < > " ' escaped. */
export function escapeHtml(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** `accessibilityNeeds` → `Accessibility needs`. */
function label(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STORE_TITLES: Record<string, string> = {
  complaint: 'What we recorded',
  timeline: 'History of the complaint',
  emails: 'E-mails sent to you',
};

/** Any JSON value as nested definition lists and ordered lists; text keeps its line breaks. */
function renderValue(v: unknown, depth = 0): string {
  if (v === null || v === undefined || v === '') return '<span class="none">—</span>';
  if (depth > 8) return `<span>${escapeHtml(JSON.stringify(v))}</span>`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '<span class="none">none</span>';
    return `<ol>${v.map((x) => `<li>${renderValue(x, depth + 1)}</li>`).join('')}</ol>`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '<span class="none">—</span>';
    return `<dl>${entries.map(([k, x]) => `<dt>${escapeHtml(label(k))}</dt><dd>${renderValue(x, depth + 1)}</dd>`).join('')}</dl>`;
  }
  return `<span class="text">${escapeHtml(v)}</span>`;
}

/**
 * The subject access export as one printable, self-contained HTML page (no scripts, no external
 * resources): per complaint its reference and dates, then what each store holds. Every value is
 * escaped: the page shows exactly the text the customer gave, never runs it.
 */
export function renderExportHtml(x: CustomerExportDto): string {
  const who = [x.query.email, x.query.phone].filter(Boolean).join(', ');
  const complaints = x.complaints.length
    ? x.complaints
        .map(
          (c) => `
<section class="complaint">
  <h2>Complaint ${escapeHtml(c.reference)}</h2>
  <dl class="facts">
    <dt>Status</dt><dd>${escapeHtml(c.status)}</dd>
    <dt>Received</dt><dd>${escapeHtml(c.receivedAt)}</dd>
    <dt>Closed</dt><dd>${c.closedAt ? escapeHtml(c.closedAt) : '—'}</dd>
    ${c.erasedAt ? `<dt>Personal data erased</dt><dd>${escapeHtml(c.erasedAt)}</dd>` : ''}
  </dl>
  ${Object.entries(c.personalData)
    .map(([store, data]) => `<h3>${escapeHtml(STORE_TITLES[store] ?? label(store))}</h3>\n  ${renderValue(data)}`)
    .join('\n  ')}
</section>`,
        )
        .join('\n')
    : '<p>No complaint of this customer is held for this client.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Personal data held — ${escapeHtml(x.clientName)}</title>
<style>
  body { font: 11pt/1.45 system-ui, sans-serif; margin: 2em; color: #111; }
  h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-top: 1px solid #999; padding-top: .8em; } h3 { font-size: 1em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: .3em 0 .6em; }
  dt { font-weight: 600; } dd { margin: 0; } ol { margin: .2em 0; padding-left: 1.4em; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; } .none { color: #666; }
  @media print { body { margin: 0; } section { break-inside: auto; } h2 { break-after: avoid; } }
</style>
</head>
<body>
<h1>Personal data held by ${escapeHtml(x.clientName)}</h1>
<p>About the customer with ${escapeHtml(who)}, as of ${escapeHtml(x.generatedAt)}. ${x.complaints.length} complaint(s).</p>
${complaints}
</body>
</html>
`;
}
