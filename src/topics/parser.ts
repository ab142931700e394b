/**
 * Topic text → syntax tree. A hand-written lexer and recursive-descent parser: the
 * user's text is only ever compared token by token, never turned into a RegExp.
 *
 *   topic   := or
 *   or      := and ( "OR" and )*
 *   and     := unary ( ["AND"] unary )*          implicit AND between neighbours
 *   unary   := ( "NOT" | "-" ) unary | primary
 *   primary := field? ( WORD | "PHRASE" | "(" or ")" )
 *   field   := title: | abstract: | keywords: | author: | org:
 *
 * Operators are the upper-case words OR, AND, NOT. A lower-case "or"/"not" is refused
 * with a hint (it is ambiguous: "llm or agent" almost always means OR, but silently
 * guessing would be wrong for the rest), a lower-case "and" is dropped (AND is implicit
 * anyway, so "vision and language" = "vision language"). Quote them to match the word.
 * Positions are 1-based and count characters (code points), as a user would.
 */
import { PaperboyError } from '../errors.js';
import { keyOf, stem, tokenize } from './normalize.js';
import { collapseWhitespace } from '../text/whitespace.js';

/** Limits that keep one topic cheap to store, match and explain. */
export const TOPIC_LIMITS = { maxLength: 200, maxTerms: 20, maxDepth: 5, maxPhraseWords: 12 } as const;

/** A topic that cannot be parsed; `position` is the 1-based character of the problem. */
export class TopicSyntaxError extends PaperboyError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super('bad_input', message);
    this.name = 'TopicSyntaxError';
  }
}

/** Where a term looks: `text` is title + abstract + ai_keywords. */
export type TermField = 'text' | 'title' | 'abstract' | 'keywords' | 'author' | 'org';

export interface TermNode {
  kind: 'term';
  field: TermField;
  /** How the term is shown in explanations: as typed, without field or quotes */
  display: string;
  /** 1-based position in the topic */
  pos: number;
  /** Folded tokens (used for author and organisation names, which are not stemmed) */
  words: string[];
  /** Stemmed tokens (used for title, abstract and keywords); a phrase when longer than one */
  stems: string[];
  /** Stem of the joined form of a two-part hyphenated word ("pre-training" → pretrain) */
  joined?: string;
}
export interface AndNode {
  kind: 'and';
  pos: number;
  children: TopicNode[];
}
export interface OrNode {
  kind: 'or';
  pos: number;
  children: TopicNode[];
}
export interface NotNode {
  kind: 'not';
  pos: number;
  child: TopicNode;
}
export type TopicNode = TermNode | AndNode | OrNode | NotNode;

/** A Map, not an object literal: "constructor:" or "__proto__:" must not look like fields. */
const FIELDS: ReadonlyMap<string, TermField> = new Map([
  ['title', 'title'],
  ['abstract', 'abstract'],
  ['keywords', 'keywords'],
  ['keyword', 'keywords'],
  ['author', 'author'],
  ['org', 'org'],
]);
const FIELD_LIST = 'title:, abstract:, keywords:, author: or org:';
const QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E']);

type Lexeme =
  | { kind: 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'minus'; pos: number }
  | { kind: 'field'; field: TermField; pos: number }
  | { kind: 'word' | 'phrase'; text: string; pos: number };

const WHITESPACE = /\s/u;
/** ASCII whitespace by comparison, the rest (no-break space, ideographic space) by \s. */
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || (c !== undefined && c > '~' && WHITESPACE.test(c));
/** `@` in a message marks where "at character N" goes; user text only ever comes before it. */
const fail = (message: string, pos: number): never => {
  const at = message.lastIndexOf('@');
  const text = at < 0 ? message : `${message.slice(0, at)}at character ${pos}${message.slice(at + 1)}`;
  throw new TopicSyntaxError(text, pos);
};

function lex(chars: string[]): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const pos = i + 1;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ kind: 'lparen', pos });
      i++;
      continue;
    }
    if (c === ')') {
      out.push({ kind: 'rparen', pos });
      i++;
      continue;
    }
    if (QUOTES.has(c)) {
      let j = i + 1;
      while (j < chars.length && !QUOTES.has(chars[j]!)) j++;
      if (j >= chars.length) fail('unbalanced quote @: close the phrase with another "', pos);
      out.push({ kind: 'phrase', text: chars.slice(i + 1, j).join(''), pos });
      i = j + 1;
      continue;
    }
    if (c === '-' && out.at(-1)?.kind !== 'field') {
      const next = chars[i + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        fail('- needs something right after it @, with no space (e.g. diffusion -survey)', pos);
      }
      out.push({ kind: 'minus', pos });
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && !isSpace(chars[j]) && chars[j] !== '(' && chars[j] !== ')' && !QUOTES.has(chars[j]!))
      j++;
    const word = chars.slice(i, j).join('');
    i = j;
    if (word === 'OR' || word === 'AND' || word === 'NOT') {
      out.push({ kind: word.toLowerCase() as 'or' | 'and' | 'not', pos });
      continue;
    }
    const lower = word.toLowerCase();
    if (lower === 'and') continue;
    if (lower === 'or' || lower === 'not') {
      const upper = lower.toUpperCase();
      fail(`"${word}" @ is ambiguous: write ${upper} for the operator, or "${word}" in quotes to match the word`, pos);
    }
    const colon = word.indexOf(':');
    if (colon > 0) {
      const name = lower.slice(0, colon);
      const rest = word.slice(colon + 1);
      const field = FIELDS.get(name);
      const next = chars[i];
      if (field) {
        out.push({ kind: 'field', field, pos });
        if (rest) out.push({ kind: 'word', text: rest, pos: pos + colon + 1 });
        else if (next === undefined || !(next === '(' || QUOTES.has(next))) {
          fail(`${name}: needs a word, "phrase" or (group) right after it @, with no space`, pos);
        }
        continue;
      }
      // A link (https://…, ftp://…) is text to look for, not a field.
      const isLink = rest.startsWith('//') && /^[a-z][a-z0-9+.-]*$/.test(name);
      if (/^\p{L}+$/u.test(name) && rest && !isLink) {
        fail(`unknown field "${name.slice(0, 30)}:" @: use ${FIELD_LIST}, or put it in quotes to match the text`, pos);
      }
    }
    out.push({ kind: 'word', text: word, pos });
  }
  return out;
}

/** Parses topic text into a syntax tree, or throws TopicSyntaxError. */
export function parseTopic(text: string): TopicNode {
  const chars = Array.from(text);
  if (chars.length > TOPIC_LIMITS.maxLength) {
    fail(
      `topic is too long @: ${chars.length} characters, the limit is ${TOPIC_LIMITS.maxLength}`,
      TOPIC_LIMITS.maxLength + 1,
    );
  }
  if (text.trim() === '') fail('empty topic: type a word or a "phrase", e.g. grokking or "in-context learning"', 1);
  const parser = new Parser(lex(chars));
  const tree = parser.parseTopic();
  requirePositive(tree);
  return tree;
}

class Parser {
  private i = 0;
  private terms = 0;
  constructor(private readonly lexemes: Lexeme[]) {}

  private peek(): Lexeme | undefined {
    return this.lexemes[this.i];
  }
  private endsOperand(l: Lexeme | undefined): boolean {
    return l === undefined || l.kind === 'rparen' || l.kind === 'or' || l.kind === 'and';
  }

  parseTopic(): TopicNode {
    if (this.lexemes.length === 0)
      fail('empty topic: type a word or a "phrase", e.g. grokking or "in-context learning"', 1);
    const tree = this.parseOr(0);
    const rest = this.peek();
    if (rest) fail('unbalanced parenthesis @: this ) has no matching (', rest.pos);
    return tree;
  }

  private parseOr(depth: number): TopicNode {
    const first = this.peek();
    if (first?.kind === 'or') fail('OR needs something on both sides @', first.pos);
    const children = [this.parseAnd(depth)];
    for (let l = this.peek(); l?.kind === 'or'; l = this.peek()) {
      this.i++;
      if (this.endsOperand(this.peek())) fail('OR needs something on both sides @', l.pos);
      children.push(this.parseAnd(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', pos: children[0]!.pos, children };
  }

  private parseAnd(depth: number): TopicNode {
    const children: TopicNode[] = [];
    for (let l = this.peek(); l && l.kind !== 'rparen' && l.kind !== 'or'; l = this.peek()) {
      if (l.kind === 'and') {
        this.i++;
        if (children.length === 0 || this.endsOperand(this.peek())) fail('AND needs something on both sides @', l.pos);
        continue;
      }
      children.push(this.parseUnary(depth));
    }
    if (children.length === 0) {
      const l = this.peek();
      if (l) fail('unbalanced parenthesis @: this ) has no matching (', l.pos);
      fail('empty topic @: type a word or a "phrase"', 1);
    }
    return children.length === 1 ? children[0]! : { kind: 'and', pos: children[0]!.pos, children };
  }

  private parseUnary(depth: number): TopicNode {
    const l = this.peek()!;
    if (l.kind === 'not' || l.kind === 'minus') {
      this.i++;
      const next = this.peek();
      if (this.endsOperand(next) || next?.kind === 'not') {
        fail(l.kind === 'not' ? 'NOT needs something after it @' : '- needs something right after it @', l.pos);
      }
      return { kind: 'not', pos: l.pos, child: this.parseUnary(depth) };
    }
    return this.parsePrimary(depth, undefined);
  }

  private parsePrimary(depth: number, field: TermField | undefined): TopicNode {
    const l = this.peek()!;
    this.i++;
    switch (l.kind) {
      case 'lparen': {
        if (depth + 1 > TOPIC_LIMITS.maxDepth)
          fail(`too deeply nested @: at most ${TOPIC_LIMITS.maxDepth} levels of parentheses`, l.pos);
        if (this.peek()?.kind === 'rparen') fail('empty parentheses @: put a word or "phrase" inside', l.pos);
        const inner = this.parseOr(depth + 1);
        if (this.peek()?.kind !== 'rparen') fail('unbalanced parenthesis @: this ( is never closed', l.pos);
        this.i++;
        return field ? withField(inner, field) : inner;
      }
      case 'field': {
        const next = this.peek();
        if (!next || (next.kind !== 'word' && next.kind !== 'phrase' && next.kind !== 'lparen')) {
          fail('a field needs a word, "phrase" or (group) right after it @', l.pos);
        }
        return this.parsePrimary(depth, l.field);
      }
      case 'word':
      case 'phrase':
        if (++this.terms > TOPIC_LIMITS.maxTerms)
          fail(`too many terms @: the limit is ${TOPIC_LIMITS.maxTerms} words or phrases`, l.pos);
        return makeTerm(l.text, l.kind === 'phrase', l.pos, field ?? 'text');
      case 'rparen':
        return fail('unbalanced parenthesis @: this ) has no matching (', l.pos);
      default:
        return fail(`${l.kind.toUpperCase()} cannot start a term @`, l.pos);
    }
  }
}

/** A field written before a group applies to every term inside that has none of its own. */
function withField(node: TopicNode, field: TermField): TopicNode {
  switch (node.kind) {
    case 'term':
      return node.field === 'text' ? { ...node, field } : node;
    case 'not':
      return { ...node, child: withField(node.child, field) };
    default:
      return { ...node, children: node.children.map((c) => withField(c, field)) };
  }
}

function makeTerm(text: string, quoted: boolean, pos: number, field: TermField): TermNode {
  const tokens = tokenize(text);
  if (tokens.length === 0) {
    fail(quoted ? 'empty quotes @: put words between them' : `"${text}" @ has no letters or digits to match`, pos);
  }
  if (tokens.length > TOPIC_LIMITS.maxPhraseWords) {
    fail(`phrase too long @: at most ${TOPIC_LIMITS.maxPhraseWords} words`, pos);
  }
  const words = tokens.map((t) => t.text);
  const term: TermNode = {
    kind: 'term',
    field,
    pos,
    words,
    stems: tokens.map(keyOf),
    display: collapseWhitespace(text),
  };
  if (tokens.length === 2 && tokens[1]!.hyphenated) term.joined = stem(words.join(''));
  return term;
}

/** Can this node match only because something is present (not merely absent)? */
export function isPositive(node: TopicNode): boolean {
  switch (node.kind) {
    case 'term':
      return true;
    case 'not':
      return false;
    case 'and':
      return node.children.some(isPositive);
    case 'or':
      return node.children.every(isPositive);
  }
}

/** A topic of only exclusions would match nearly every paper: refuse it with a reason. */
function requirePositive(node: TopicNode): void {
  if (isPositive(node)) return;
  if (node.kind === 'or') {
    const bad = node.children.find((c) => !isPositive(c))!;
    fail('each side of OR needs a word to look for @; an exclusion alone would match almost every paper', bad.pos);
  }
  fail('the topic only excludes @: add a word to look for, e.g. diffusion -survey', node.pos);
}
