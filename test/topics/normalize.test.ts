import { describe, expect, it } from 'vitest';
import { fold, keyOf, stem, tokenize } from '../../src/topics/normalize.js';

const key = (word: string): string => stem(fold(word));
const keysOf = (text: string): string[] => tokenize(text).map((t) => stem(t.text));

describe('stemmer: one lemma, one key', () => {
  it('puts the whole generalization family together, British spellings included', () => {
    const family = [
      'generalization',
      'generalizations',
      'generalize',
      'generalizes',
      'generalized',
      'generalizing',
      'generalizable',
      'generalizability',
      'generalisation',
      'generalisations',
      'generalise',
      'generalises',
      'generalised',
      'generalising',
      'generalisable',
      'generalisability',
      'Generalization',
      'GENERALIZES',
    ];
    expect(new Set(family.map(key))).toEqual(new Set([key('generalization')]));
  });

  it('keeps generation, generative, general, generality and generalist apart from it', () => {
    const g = key('generalization');
    for (const other of [
      'generation',
      'generations',
      'generate',
      'generated',
      'generative',
      'generator',
      'general',
      'generally',
      'generality',
      'generalist',
      'generalists',
      'gene',
      'generic',
      'genera',
    ]) {
      expect(key(other), other).not.toBe(g);
    }
    // and those stay distinct from each other where the meaning differs
    expect(key('generative')).not.toBe(key('generation'));
    expect(key('general')).not.toBe(key('generalist'));
  });

  it.each([
    [['generate', 'generates', 'generated', 'generating', 'generation', 'generations', 'generator', 'generators']],
    [['predict', 'predicts', 'predicted', 'predicting', 'prediction', 'predictions', 'predictor']],
    [['evaluate', 'evaluation', 'evaluations', 'evaluated', 'evaluator']],
    [['tokenizer', 'tokenizers', 'tokenization', 'tokenize', 'tokenisation', 'tokeniser']],
    [['optimization', 'optimize', 'optimizer', 'optimisation', 'optimised']],
    [['scalable', 'scalability']],
    [['interpretable', 'interpretability']],
    [['sensitive', 'sensitivity']],
    [['analysis', 'analyses', 'analyze', 'analyzes', 'analyzed', 'analyzing', 'analyse', 'analysed', 'analysing']],
    [['model', 'models', 'modeling', 'modelling', 'modeled', 'modelled']],
    [['label', 'labels', 'labeled', 'labelled', 'labeling', 'labelling']],
    [['behavior', 'behaviors', 'behaviour', 'behaviours']],
    [['behavioral', 'behavioural']],
    [['color', 'colour', 'colours', 'colored', 'coloured']],
    [['center', 'centre', 'centered', 'centred']],
    [['artifact', 'artefact', 'artifacts', 'artefacts']],
    [['catalog', 'catalogue', 'catalogs', 'catalogues']],
    [['embed', 'embeds', 'embedded', 'embedding', 'embeddings']],
    [['study', 'studies', 'studied', 'studying']],
    [['supervise', 'supervised', 'supervision', 'supervisor']],
    [['revise', 'revised', 'revision']],
    [['denoise', 'denoising', 'denoised', 'denoiser']],
    [['train', 'trains', 'trained', 'training']],
    [['plan', 'plans', 'planned', 'planning']],
    [['scale', 'scales', 'scaled']],
    [['reasoning', 'reasonings']],
    [['bias', 'biases']],
    [['hypothesis', 'hypotheses']],
  ])('%j', (forms) => {
    expect(new Set(forms.map(key))).toEqual(new Set([key(forms[0]!)]));
  });

  it.each([
    ['direction', 'direct'],
    ['projection', 'project'],
    ['diffusion', 'diffuse'],
    ['precision', 'precise'],
    ['processor', 'process'],
    ['formation', 'format'],
    ['question', 'quest'],
    ['completion', 'complete'],
    ['transformer', 'transform'],
    ['transformation', 'transform'],
    ['segmentation', 'segment'],
    ['semantics', 'semantic'],
    ['dynamics', 'dynamic'],
    ['comprehensive', 'comprehension'],
    ['news', 'new'],
    ['generality', 'general'],
    ['additional', 'addition'],
    ['fairness', 'fair'],
    ['relative', 'relation'],
    ['nation', 'native'],
    ['vector', 'vect'],
    ['factor', 'fact'],
    ['success', 'successor'],
    ['reasoning', 'reason'],
    ['grounding', 'ground'],
    ['scaling', 'scale'],
    ['sampling', 'samples'],
    ['meaning', 'mean'],
    ['setting', 'set'],
    ['timing', 'time'],
    ['rating', 'rate'],
  ])('%s and %s stay different words', (a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('keeps acronyms exact but lets their plural meet the singular', () => {
    expect(key('LLMs')).toBe(key('LLM'));
    expect(key('VLMs')).toBe('vlm');
    expect(key('ICL')).toBe('icl');
    expect(key('RL')).toBe('rl');
    expect(key('GANs')).toBe(key('GAN'));
    expect(key('ViTs')).toBe(key('ViT'));
    expect(key('GPT4')).toBe('gpt4');
    expect(key('ICL')).not.toBe(key('ICLR'));
  });
});

describe('tokeniser', () => {
  it('treats every dash and whitespace run as a separator', () => {
    const expected = keysOf('in context');
    for (const variant of [
      'in-context',
      'in\u2010context',
      'in\u2011context',
      'in\u2013context',
      'In  Context',
      'in\ncontext',
      'IN-CONTEXT',
    ]) {
      expect(keysOf(variant), variant).toEqual(expected);
    }
  });

  it('remembers hyphen pairs and clause boundaries', () => {
    const t = tokenize('pre-training, then fine tuning. GPT-3.5 costs 1,000');
    expect(t.map((x) => x.text)).toEqual([
      'pre',
      'training',
      'then',
      'fine',
      'tuning',
      'gpt',
      '3',
      '5',
      'costs',
      '1',
      '000',
    ]);
    expect(t.map((x) => x.hyphenated)).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(t.map((x) => x.boundary)).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('folds case, accents, ligatures and full-width forms', () => {
    expect(fold('Schölkopf')).toBe('scholkopf');
    expect(tokenize('ﬁne-tuning Ｌｌａｍａ Éclair').map((t) => t.text)).toEqual(['fine', 'tuning', 'llama', 'eclair']);
  });
});

describe('acronyms written in capitals', () => {
  it('keeps 4–5 letter capitals exact, so the AIME benchmark is not "aims"', () => {
    const [aime, aims, aime2] = tokenize('AIME aims AIME');
    expect(keyOf(aime!)).not.toBe(keyOf(aims!));
    expect(keyOf(aime!)).toBe(keyOf(aime2!));
    // short acronyms and mixed case are unaffected; shouted long words are still words
    expect(tokenize('ICL LLMs LoRA GENERALIZATION').map(keyOf)).toEqual(['icl', 'llm', 'lora', stem('generalization')]);
  });
});
