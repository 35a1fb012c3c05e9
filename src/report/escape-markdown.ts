/**
 * Makes text safe to place in GitHub Markdown: it stays on one line, and no mention, link, image,
 * HTML, table cell, code span or emphasis can come from it.
 */
export function escapeMarkdown(text: string, maxLength = 300): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  const cut = oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
  return cut.replace(/[\\`*_{}[\]()<>#|~@!&]/g, (c) => `&#${c.charCodeAt(0)};`);
}
