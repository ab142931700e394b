/**
 * Runs of whitespace (arXiv's hard line wraps, tabs, user input pasted over lines) to
 * one space, ends trimmed. The one definition: papers are collapsed once when they are
 * normalised (src/papers/normalize.ts), and user input, topics, queries and names that
 * do not pass through there use this same function.
 */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();
