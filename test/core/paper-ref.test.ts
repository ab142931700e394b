import { describe, expect, it } from 'vitest';
import { parsePaperRef } from '../../src/paper-ref.js';

describe('parsePaperRef', () => {
  it.each([
    ['2608.19880', '2608.19880'],
    ['2608.19880v2', '2608.19880'],
    ['arXiv:2410.17243v1', '2410.17243'],
    ['https://arxiv.org/abs/2608.19880v1', '2608.19880'],
    ['arxiv.org/pdf/2608.19880.pdf', '2608.19880'],
    ['https://arxiv.org/pdf/2608.19880v3', '2608.19880'],
    ['https://huggingface.co/papers/2608.19880', '2608.19880'],
    ['https://www.huggingface.co/papers/2608.19880?x=1#y', '2608.19880'],
    ['<https://arxiv.org/abs/2608.19880>', '2608.19880'],
    ['1501.00001', '1501.00001'],
    ['1412.6980', '1412.6980'],
  ])('%s → %s', (input, id) => expect(parsePaperRef(input)).toBe(id));

  it.each([
    '',
    'hello',
    '2608.1988',
    '2608.198801',
    '1412.69801',
    '2613.12345',
    'https://example.com/abs/2608.19880',
    'https://arxiv.org/list/cs.LG',
    'https://huggingface.co/models/2608.19880',
    'javascript:alert(1)',
  ])('rejects %j', (input) => expect(parsePaperRef(input)).toBeUndefined());
});
