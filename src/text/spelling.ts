/**
 * British → American spelling, applied to one folded (lower-case, accent-free) word
 * before stemming, so "generalisation", "behaviour" and "modelling" meet "generalization",
 * "behavior" and "modeling". Only the direction matters for matching: both the topic
 * and the paper go through the same function, so a wrong-but-consistent spelling (say
 * "noize") is harmless; what must never happen is two different words meeting. That is
 * why the -ise rule has an exception list of words whose family is spelt with -is- on
 * both sides of the Atlantic (supervise/supervision, revise/revision, precise/precision).
 */

/** Whole-word British forms with no regular rule. */
const WORDS: ReadonlyMap<string, string> = new Map([
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['grey', 'gray'],
  ['judgement', 'judgment'],
  ['judgements', 'judgments'],
  ['acknowledgement', 'acknowledgment'],
  ['ageing', 'aging'],
  ['artefact', 'artifact'],
  ['artefacts', 'artifacts'],
  ['enrol', 'enroll'],
  ['enrolment', 'enrollment'],
  ['fulfil', 'fulfill'],
  ['fulfilment', 'fulfillment'],
  ['skilful', 'skillful'],
  ['mould', 'mold'],
  ['moulds', 'molds'],
  ['plough', 'plow'],
  ['aluminium', 'aluminum'],
  ['tyre', 'tire'],
  ['tyres', 'tires'],
  ['aeroplane', 'airplane'],
  ['aeroplanes', 'airplanes'],
  ['whilst', 'while'],
  ['amongst', 'among'],
  ['learnt', 'learned'],
  ['spelt', 'spelled'],
  ['burnt', 'burned'],
  ['dreamt', 'dreamed'],
  ['defence', 'defense'],
  ['defences', 'defenses'],
  ['licence', 'license'],
  ['licences', 'licenses'],
  ['offence', 'offense'],
  ['offences', 'offenses'],
  ['pretence', 'pretense'],
  ['centre', 'center'],
  ['centres', 'centers'],
  ['centred', 'centered'],
  ['centring', 'centering'],
  ['metre', 'meter'],
  ['metres', 'meters'],
  ['fibre', 'fiber'],
  ['fibres', 'fibers'],
  ['theatre', 'theater'],
  ['litre', 'liter'],
  ['litres', 'liters'],
  ['calibre', 'caliber'],
  ['manoeuvre', 'maneuver'],
  ['manoeuvres', 'maneuvers'],
  ['sceptical', 'skeptical'],
  ['sceptic', 'skeptic'],
  ['scepticism', 'skepticism'],
  ['jewellery', 'jewelry'],
]);

/** Word starts that carry a British spelling into every derived form (behavioural, colourful). */
const PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['behaviour', 'behavior'],
  ['colour', 'color'],
  ['favour', 'favor'],
  ['neighbour', 'neighbor'],
  ['labour', 'labor'],
  ['harbour', 'harbor'],
  ['humour', 'humor'],
  ['rumour', 'rumor'],
  ['vapour', 'vapor'],
  ['flavour', 'flavor'],
  ['honour', 'honor'],
  ['endeavour', 'endeavor'],
  ['armour', 'armor'],
  ['vigour', 'vigor'],
  ['rigour', 'rigor'],
  ['odour', 'odor'],
  ['tumour', 'tumor'],
  ['savour', 'savor'],
  ['parlour', 'parlor'],
  ['clamour', 'clamor'],
  ['candour', 'candor'],
  ['splendour', 'splendor'],
  ['saviour', 'savior'],
  ['demeanour', 'demeanor'],
  ['haem', 'hem'],
  ['anaem', 'anem'],
  ['paediatr', 'pediatr'],
  ['orthopaed', 'orthoped'],
  ['oesophag', 'esophag'],
  ['oestr', 'estr'],
  ['anaesth', 'anesth'],
  ['leukaem', 'leukem'],
  ['foet', 'fet'],
  ['encyclopaed', 'encycloped'],
  ['oedem', 'edem'],
];

/** -ise endings, longest first, that become -ize. */
const ISE_ENDINGS = [
  'isabilities',
  'isability',
  'isational',
  'isations',
  'isation',
  'isable',
  'isers',
  'iser',
  'ising',
  'ised',
  'ises',
  'ise',
];

/**
 * Roots (the part before "ise") that keep their s: their families have -is- in
 * American English too (supervise/supervision, precise/precision), or they are
 * simply not -ize verbs (promise, exercise).
 */
const ISE_KEEP = new Set([
  'superv',
  'rev',
  'adv',
  'dev',
  'prec',
  'conc',
  'improv',
  'telev',
  'exc',
  'inc',
  'circumc',
  'compr',
  'prem',
  'prom',
  'surpr',
  'exerc',
  'expert',
  'enterpr',
  'comprom',
  'merchand',
  'chast',
  'desp',
  'parad',
  'treat',
  'disgu',
  'repr',
  'appr',
  'franch',
  'advert',
  'dem',
  'prec',
  'noi',
  'rai',
  'prai',
  'poi',
  'cru',
  'brui',
  'ar',
  'r',
  'w',
  'mid',
  'upr',
  'sunr',
]);

/** -tre compounds (multicentre, centimetre, microfibre) meet their -ter spelling. */
const TRE_ENDINGS: ReadonlyArray<readonly [string, string]> = [
  ['centres', 'centers'],
  ['centred', 'centered'],
  ['centre', 'center'],
  ['metres', 'meters'],
  ['metre', 'meter'],
  ['litres', 'liters'],
  ['litre', 'liter'],
  ['fibres', 'fibers'],
  ['fibre', 'fiber'],
];

/** British doubled l before a suffix (modelling, labelled, traveller) → American single l. */
const ELL_ENDINGS = ['elling', 'elled', 'ellers', 'eller'];

/**
 * Roots that keep the double l in American English too: a stressed last syllable
 * (compel, propel, excel, rebel, quell) or a one-syllable word (spell, tell, sell:
 * storytelling, bestseller). A root without a vowel (sp, t, dw) is one syllable anyway.
 */
const KEEPS_DOUBLE_L = /(?:p|t|s|qu|xc|reb)$/;

/** -yse / -lysis forms (analyse, analysis, analyses) meet the American -yze verb. */
const YSE_ENDINGS = ['ysers', 'yser', 'ysing', 'ysed', 'yses', 'yse'];

function endsWithAny(word: string, endings: readonly string[]): string | undefined {
  for (const e of endings) if (word.endsWith(e)) return e;
  return undefined;
}

/** American spelling of one folded word (or the word itself). */
export function americanize(word: string): string {
  const whole = WORDS.get(word);
  if (whole) return whole;
  for (const [brit, amer] of PREFIXES) {
    if (word.startsWith(brit)) return amer + word.slice(brit.length);
  }
  // catalogue/dialogue/analogue → catalog…; "vogue" and "rogue" are too short to qualify.
  for (const ending of ['ogues', 'ogued', 'ogue']) {
    if (word.endsWith(ending) && word.length - ending.length >= 4) {
      return word.slice(0, word.length - ending.length) + 'og' + ending.slice(4);
    }
  }
  if (word.endsWith('lysis')) return word.slice(0, -5) + 'lyze';
  if (word.endsWith('lyses')) return word.slice(0, -5) + 'lyze';
  const yse = endsWithAny(word, YSE_ENDINGS);
  if (yse && word.length - yse.length >= 2 && word[word.length - yse.length - 1] === 'l') {
    return word.slice(0, word.length - yse.length) + 'yz' + yse.slice(2);
  }
  for (const [brit, amer] of TRE_ENDINGS) {
    if (word.endsWith(brit)) return word.slice(0, word.length - brit.length) + amer;
  }
  const ell = endsWithAny(word, ELL_ENDINGS);
  if (ell) {
    const root = word.slice(0, word.length - ell.length);
    if (/[aeiouy]/.test(root.slice(1)) || /^[aeiou]/.test(root)) {
      if (!KEEPS_DOUBLE_L.test(root)) return root + 'el' + ell.slice(3);
    }
  }
  const ise = endsWithAny(word, ISE_ENDINGS);
  if (ise) {
    const root = word.slice(0, word.length - ise.length);
    // "otherwise", "pairwise", "elementwise": -wise adverbs are not -ize verbs.
    if (root.length >= 3 && !ISE_KEEP.has(root) && !root.endsWith('w')) {
      return root + 'iz' + ise.slice(2);
    }
  }
  return word;
}
