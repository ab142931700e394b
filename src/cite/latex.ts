/**
 * Text → LaTeX for BibTeX fields. Titles and names from Hugging Face are plain text, so
 * every character LaTeX gives a meaning to is escaped: a title with "$", "%" or "_"
 * prints as written instead of breaking the document. Accented letters stay UTF-8
 * (BibTeX 0.99d+, biber, Zotero and Mendeley all read it); LaTeX ligatures that would
 * change the text (-- → –, `` → “, '' → ”) are broken with an empty group.
 */
const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In LaTeX's default OT1 encoding these print as ¡ ¿ and an em dash.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

export function escapeLatex(text: string): string {
  return text
    .replace(/[\\{}&%$#_~^<>|]/g, (c) => SPECIAL[c]!)
    .replace(/([-`'!?])(?=[-`'])/g, '$1{}')
    .replace(/([!?])(?=`)/g, '$1{}');
}

// A word's letters and digits, with the punctuation around it kept outside the braces.
const WORD = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

/**
 * A title for BibTeX: escaped, and every word with a capital after its first letter
 * (LLM, GPT-4o, 3D, DataFlow, Q&A) wrapped in braces, so styles that lower-case titles
 * keep acronyms and names as written.
 */
export function latexTitle(title: string): string {
  return title
    .split(' ')
    .map((token) => {
      const [, lead = '', core = '', trail = ''] = WORD.exec(token) ?? [];
      if (!/\p{Lu}/u.test(core.slice(1))) return escapeLatex(token);
      return `${escapeLatex(lead)}{${escapeLatex(core)}}${escapeLatex(trail)}`;
    })
    .join(' ');
}
