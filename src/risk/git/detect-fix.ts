/**
 * Fix detection from commit messages, shared by the `fix` feature and SZZ labelling.
 * Word-boundary keyword patterns (Kamei's fix, bug, defect, patch, and their forms: fixes, fixed,
 * bugfix, hotfix …)
 * and closing references to issues (`closes #12`, `fixes GH-3`, `resolves PROJ-45`).
 */
const FIX_WORDS = /\b(?:fix(?:e[sd]|ing)?|bug(?:s|fix(?:es)?)?|hotfix(?:es)?|defects?|patch(?:e[sd])?)\b/i;
const CLOSING_REFERENCE =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(#\d+|gh-\d+|[A-Z][A-Z0-9]+-\d+)\b/gi;

/** Whether a commit message says the commit fixes a bug. */
export function isFixMessage(message: string): boolean {
  return FIX_WORDS.test(message) || findClosedIssues(message).length > 0;
}

/** Issue ids the message closes (`#12`, `GH-3`, `PROJ-45`), normalised to upper case. */
export function findClosedIssues(message: string): string[] {
  const ids = new Set<string>();
  for (const match of message.matchAll(CLOSING_REFERENCE)) ids.add(match[1]!.toUpperCase());
  return [...ids];
}

const ISSUE_REFERENCE = /(?:^|[^\w#])(#\d+|[Gg][Hh]-\d+|[A-Z][A-Z0-9]+-\d+)\b/g;

/** Every issue id the message mentions (`#12`, `GH-3`, `PROJ-45`), closing or not, upper-cased. */
export function findIssueReferences(message: string): string[] {
  const ids = new Set<string>();
  for (const match of message.matchAll(ISSUE_REFERENCE)) ids.add(match[1]!.toUpperCase());
  return [...ids];
}
