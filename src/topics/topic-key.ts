import { collapseWhitespace } from '../text/whitespace.js';

/**
 * The form two topics are compared in for "already subscribed": case, runs of spaces,
 * curly quotes and spaces inside parentheses do not make a different topic. Stored with
 * each subscription as its key, so every store can refuse a duplicate in one step.
 */
export function normalizeTopicText(text: string): string {
  return collapseWhitespace(text.replace(/[“”„]/g, '"')).replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').toLowerCase();
}
