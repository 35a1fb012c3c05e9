/** GitHub's limit for a deployment protection rule comment. */
export const PROTECTION_COMMENT_LIMIT = 1024;

/** Joins lines into at most `limit` characters, cutting whole lines and saying so. */
export function fitComment(lines: readonly string[], limit = PROTECTION_COMMENT_LIMIT): string {
  const text = lines.join('\n');
  if (text.length <= limit) return text;
  const more = '\n… (see the shipgate status comment on the pull request for the rest)';
  let kept = '';
  for (const line of lines) {
    const next = kept ? `${kept}\n${line}` : line;
    if (next.length + more.length > limit) break;
    kept = next;
  }
  if (!kept) kept = text.slice(0, limit - more.length);
  return `${kept}${more}`;
}
