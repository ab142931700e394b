import { z } from 'zod';
/**
 * Accepts what people paste: "2608.19880", "2608.19880v2", "arXiv:2608.19880",
 * "https://arxiv.org/abs/2608.19880v1", "arxiv.org/pdf/2608.19880.pdf",
 * "https://huggingface.co/papers/2608.19880". Returns the version-less id.
 */
const ID = /^(\d{4})\.(\d{4,5})(?:v\d+)?$/;

/** arXiv ids have 4-digit sequence numbers before 2015 (yymm < 1501) and 5 after. */
function validId(text: string): string | undefined {
  const m = ID.exec(text);
  if (!m) return undefined;
  const [yymm, seq] = [m[1]!, m[2]!];
  const month = Number(yymm.slice(2));
  if (month < 1 || month > 12 || seq.length !== (yymm >= '1501' ? 5 : 4)) return undefined;
  return `${yymm}.${seq}`;
}

export function parsePaperRef(input: string): string | undefined {
  let text = input
    .trim()
    .replace(/^<|>$/g, '')
    .replace(/^arxiv:/i, '');
  if (/^(https?:\/\/)?(www\.)?(arxiv\.org|huggingface\.co|hf\.co)\//i.test(text)) {
    try {
      const url = new URL(/^https?:/i.test(text) ? text : `https://${text}`);
      const parts = url.pathname.split('/').filter(Boolean);
      const host = url.hostname.replace(/^www\./, '');
      const ok = host === 'arxiv.org' ? ['abs', 'pdf', 'html'].includes(parts[0] ?? '') : parts[0] === 'papers';
      if (!ok || parts.length < 2) return undefined;
      text = parts[1]!.replace(/\.pdf$/i, '');
    } catch {
      return undefined;
    }
  }
  return validId(text);
}

/** The argument that names one paper (`paper`, `similar`): an arXiv id or a paper link. */
export const paperRefArg = () =>
  z
    .string()
    .trim()
    .min(1, { error: 'needs an arXiv id such as 2608.19880, or a link to the paper' })
    .max(300, { error: 'is too long to be an arXiv id or a paper link' })
    .describe('arXiv id (2608.19880) or an arxiv.org / huggingface.co/papers link')
    .meta({ usage: 'arXiv id or URL' });
