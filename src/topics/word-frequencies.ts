/**
 * How often each word occurs in Daily Papers, for the topic index (not to be confused
 * with src/search/common-abstract-words.ts, the search index's set of terms too common
 * to index in abstracts; that one is normalised search terms over abstracts only, this
 * one raw words over title + abstract, stemmed by the caller).
 *
 * How common words are in Daily Papers abstracts: document frequency in permille over
 * title + abstract of the 20,000-paper corpus (test/fixtures/corpus/papers.jsonl.gz), every
 * word present in at least 2% of papers. TopicIndex uses it only to choose which term of
 * an AND to index a subscription under (the rarest one), so a stale or missing entry
 * costs speed, never correctness. Regenerate when the stemmer changes much.
 */
const TABLE = `
and:995 the:981 a:980 to:974 of:946 we:941 in:918 for:899 that:876 models:870 on:820 with:796
this:780 by:633 is:620 as:613 from:585 our:555 language:527 introduce:495 an:493 large:487 based:478
are:464 training:457 propose:446 demonstrate:446 across:444 while:443 generation:441 tasks:440
performance:430 these:425 evaluation:422 methods:413 framework:409 achieves:406 using:401
benchmark:379 results:377 which:362 at:357 llms:352 approach:351 data:350 can:344 learning:340
existing:340 or:333 show:329 dataset:328 challenges:325 improves:315 experiments:305 into:305
however:303 enabling:299 through:299 such:297 address:293 their:291 state:288 it:282 high:277
both:277 reasoning:276 provide:271 capabilities:263 work:255 have:255 design:254 multi:254 image:253
scale:245 be:243 present:241 more:240 code:238 1:237 remains:237 quality:235 but:235 over:233
systems:230 analysis:230 2:228 s:226 art:224 process:224 two:224 novel:223 only:222 fine:221
often:220 https:219 level:219 real:218 human:216 paper:216 time:215 first:214 enhance:212 its:211
requires:210 outperforms:209 github:205 accuracy:201 set:200 text:200 has:200 including:198
study:196 via:194 between:193 further:192 world:191 limited:189 domain:185 diverse:184
integrates:183 also:183 visual:182 not:182 available:181 optimization:181 findings:181 than:181
baselines:180 open:179 structured:177 without:176 leveraging:175 tuning:174 extensive:173 agent:172
3:172 where:171 new:168 when:168 strategy:167 context:167 information:166 specific:165 yet:164
source:162 complex:162 under:161 understanding:160 multiple:159 three:158 recent:158 efficient:158
each:158 significantly:158 single:156 research:156 representations:156 compared:153 reducing:153
features:151 vision:150 inference:150 com:150 key:149 advanced:148 they:147 significant:146 gap:146
making:146 5:145 applications:142 prediction:142 prompt:141 ai:141 knowledge:140 strong:139
generalization:139 support:139 current:139 token:138 all:138 long:137 rely:137 video:136 reveal:136
ability:136 architecture:135 offers:134 critical:134 effective:133 pipeline:133 step:133
multimodal:131 improvement:130 identify:129 within:128 grounded:127 test:127 how:126 sampling:126
prior:125 score:125 mechanism:125 supervised:123 capture:123 limitations:123 construct:122
different:122 focus:122 produce:121 leading:121 problem:121 use:121 interaction:121 0:121
control:120 input:120 efficiency:120 aware:119 perform:119 e:118 guided:117 most:117 semantic:116
question:115 scenarios:115 due:115 highlight:115 robust:115 comprehensive:115 aligned:114
conditions:114 4:113 during:112 then:112 parameters:111 potential:111 diffusion:110 toward:110
preserving:109 user:108 space:108 alignment:108 detection:108 outputs:108 cost:108 validate:107
combines:107 attention:106 unified:106 maintaining:106 paradigm:106 cross:106 develop:106 like:105
low:105 effectively:105 scalable:105 environments:105 target:104 self:104 end:104 annotations:103
applied:103 answer:102 one:102 up:102 reinforcement:101 effectiveness:101 various:100 them:100
tool:99 lack:99 metrics:98 specifically:98 stage:97 need:97 reliable:97 building:95 gains:94
distribution:94 even:94 driven:93 standard:93 behavior:93 natural:91 computational:91 generative:91
general:91 establish:91 fail:90 transformer:90 instruction:89 pre:89 well:89 future:89 signals:89
dynamic:89 practical:89 matching:89 g:88 content:88 explore:88 consistently:88 foundation:88
other:88 exhibit:87 employs:87 insights:87 ensuring:87 3d:87 object:86 solution:86 yields:86
promising:86 increasing:86 extraction:86 automated:86 pairs:85 reward:85 consistency:85
furthermore:85 operations:85 range:84 create:84 policy:84 techniques:84 selection:84 trajectories:83
error:83 retrieval:82 struggle:82 rate:81 point:81 incorporating:81 consistent:81 issues:81
network:81 release:80 experimental:80 responses:80 grained:80 resource:80 better:79 free:79
allows:79 temporal:79 despite:79 details:78 beyond:78 non:78 memory:78 weights:78 rather:77
decision:77 action:77 spatial:77 been:76 embedding:76 components:76 directly:76 mitigate:75 i:75
assess:75 scene:75 following:74 suggest:74 expert:74 aims:74 average:73 four:73 augmented:72
fidelity:72 particularly:72 estimation:71 typically:71 labels:71 patterns:70 gpt:70 development:70
deep:70 simulation:70 investigate:70 simple:70 sequence:70 utilizing:70 term:69 shot:69 objective:69
extended:69 layer:68 query:68 accurate:68 full:68 superior:68 become:67 6:67 substantial:67 cases:67
spanning:67 increasingly:67 reconstruction:67 latent:66 size:66 curated:66 stable:66 emerged:66
deployment:66 map:66 explicit:66 same:65 bridge:65 8:65 adaptive:65 synthetic:65 view:65
execution:65 robustness:65 conduct:65 progress:65 pretrained:65 zero:65 types:64 post:64 adapt:64
algorithm:64 still:64 module:64 best:64 traditional:64 additionally:64 loss:64 small:63 surpasses:63
synthesis:63 contributions:63 frame:63 7:63 lightweight:63 form:63 constraints:62 evidence:62
second:62 project:62 success:62 face:62 field:62 downstream:61 core:61 whether:61 complexity:61
will:61 no:61 higher:60 related:60 classification:60 planning:60 overall:60 many:59 search:59
measure:59 10:59 io:59 global:58 collection:58 chain:58 out:58 pose:58 rl:58 may:58 value:58
agentic:57 fundamental:57 interpretable:57 any:57 neural:57 shared:57 systematic:57 serve:57
facilitate:57 indicate:57 encoding:56 solving:56 bias:56 shift:56 compute:56 observe:56 per:56
substantially:56 against:56 represent:56 dynamics:55 about:55 specialized:55 failure:55
constrained:55 fixed:55 function:55 crucial:54 modality:54 publicly:54 empirical:54 varying:54
essential:54 role:54 moreover:54 updates:53 off:53 refine:53 relevant:53 do:53 previous:53
derived:53 systematically:53 additional:53 transfer:53 given:53 vlms:53 intelligence:53 local:52
balance:52 report:52 contains:52 regions:52 direct:52 feedback:52 handle:51 fully:51 reference:51
encoder:51 highly:51 several:51 textual:51 five:51 called:51 changes:51 suffer:51 preference:51
competitive:51 finally:50 closed:50 perception:50 number:50 structural:50 depth:50 adoption:50
precise:49 motion:49 comprising:49 external:49 safety:49 evolving:48 among:48 advancements:48
principled:48 unlike:48 9:48 adaptation:48 static:48 synthesize:48 sparse:48 directions:48
thought:47 modal:47 involving:47 diversity:47 autonomous:47 largely:46 guidance:46 way:46
assessment:46 distinct:46 especially:46 remarkable:46 realistic:46 attributes:46 demands:46
machine:45 resolution:45 length:45 mllms:45 reflection:45 bottleneck:45 next:45 workflows:45
impact:45 exploration:45 editing:44 thereby:44 mask:44 examples:44 primarily:44 effects:44 built:44
comparable:44 defined:44 path:44 recognition:44 individual:44 geometry:44 dense:44 graph:44
observations:43 correct:43 short:43 perspective:43 order:43 categories:43 noise:43 segmentation:43
relative:43 continuous:43 style:42 instance:42 rank:42 risk:42 distillation:42 turn:42 group:42
dynamically:42 explicitly:42 covering:42 sensitive:42 alternative:42 flexible:42 play:42
interactive:42 page:42 final:42 cause:41 bench:41 few:41 rendering:41 trade:41 original:41
document:41 backbone:41 mean:41 jointly:41 rich:41 compression:41 geometric:41 dimensions:40
verified:40 shown:40 acceleration:40 benefits:40 horizon:40 properties:40 class:40 formulation:40
less:40 decoding:40 larger:39 transforms:39 frontier:39 common:39 what:39 difficult:39 loop:39
either:39 iterative:39 online:39 powerful:39 inspired:38 family:38 notably:38 computation:38
although:38 together:38 wide:38 hierarchical:38 along:38 complementary:38 filtering:38 outcomes:38
precision:38 shape:38 internal:38 ii:38 difficulty:37 public:37 translation:37 deployed:37
correlation:37 separate:37 latency:37 7b:37 does:37 reaches:37 concept:37 descriptions:37
degrades:37 centric:37 after:37 engineering:37 hallucination:37 optimal:37 complete:37
manipulation:36 hybrid:36 flow:36 dual:36 lower:36 rule:36 those:36 treat:36 refinement:36
comparison:36 modern:36 gradient:36 protocol:36 verification:36 widely:36 position:36 traces:36
growing:35 capacity:35 similar:35 physical:35 choice:35 driving:35 advantage:35 medical:35
overhead:35 pass:35 camera:35 important:35 similarity:35 must:35 confirm:35 instead:35 before:35
recently:34 access:34 mode:34 intermediate:34 computer:34 minimal:34 tailored:34 mathematical:34
rapid:34 consists:34 tracking:34 autoregressive:34 clinical:34 variants:34 pixel:34 inherent:34
coherent:34 thus:34 distilled:34 goal:34 20:34 community:34 aggregation:34 importance:34 six:34
delivers:34 localization:33 cues:33 power:33 efficiently:33 addition:33 judge:33 variations:33
controllable:33 wise:33 automatic:33 obtain:33 retrieved:33 conventional:33 linear:33 ablation:33
bounded:33 relationships:33 purpose:33 examine:33 early:33 llama:32 help:32 contrast:32 overlook:32
implement:32 contextual:32 underlying:32 top:32 motivated:32 decomposes:32 thinking:32 some:32
compact:32 budget:32 because:32 speed:32 scientific:32 artificial:32 suite:32 overcome:31 there:31
joint:31 depends:31 differences:31 parallel:31 experience:31 degradation:31 upon:31 intensive:31
decoupled:31 corresponding:31 practice:31 8b:31 co:31 respectively:31 injection:31 activation:31
areas:31 made:30 unseen:30 verifiable:30 forward:30 fusion:30 boundary:30 isolated:30 hindered:30
methodology:30 4o:30 coherence:30 heterogeneous:30 automatically:30 interface:30 organized:30
excel:30 uncertainty:30 manual:29 coordination:29 evolution:29 review:29 clip:29 efforts:29
surface:29 2d:29 skills:29 should:29 nature:29 cognitive:29 audio:29 factors:29 linguistic:29
induced:29 head:29 artifacts:29 implementation:28 web:28 gaussian:28 50:28 000:28 reduction:28
retaining:28 candidate:28 boosting:28 streaming:28 12:28 run:28 truth:28 requirements:28
diagnostic:28 accurately:28 unique:28 cannot:28 active:28 adversarial:28 calibration:28 social:28
quantify:28 coverage:28 corpus:28 eliminating:28 prevent:28 format:28 associated:27 variable:27
expression:27 dependencies:27 f1:27 platform:27 underscore:27 expanding:27 vector:27 causal:27
multilingual:27 english:27 implicit:27 teacher:27 therefore:27 decoder:27 smaller:27 transition:27
were:27 act:26 argue:26 part:26 denoising:26 fast:26 exploit:26 initial:26 was:26 gemini:26 major:26
expensive:26 so:26 block:26 technical:26 dimensional:26 phase:26 expose:26 central:26 theoretical:26
semantics:26 utility:26 avoiding:26 15:26 determine:26 subset:26 reproducible:26 speech:26 take:26
configurations:26 mixed:26 broad:26 hard:26 sft:26 alone:26 science:26 robotic:26 mixture:25
simultaneously:25 architectural:25 coupled:25 underexplored:25 own:25 intervention:25 rag:25 100:25
routing:25 recover:25 characteristics:25 sequential:25 costly:25 box:25 semantically:25 stronger:25
edge:25 tackle:25 quantitative:25 agnostic:25 math:25 consider:25 faster:25 independent:25 probe:25
confidence:25 30:25 navigation:25 communication:25 dependent:25 event:25 empirically:24
correctness:24 qa:24 applicability:24 aspects:24 discrete:24 appearance:24 cot:24 start:24
characterize:24 every:24 near:24 affect:24 proprietary:24 intent:24 converts:24 enforces:24
leaving:24 particular:24 segment:24 known:24 valuable:24 11:24 pro:24 identity:24 influence:24
interpret:24 named:24 captions:24 rigorous:24 grpo:24 sub:24 discovery:24 theory:23 discuss:23
programming:23 student:23 concerns:23 probability:23 connections:23 removing:23 primary:23
million:23 much:23 series:23 16:23 game:23 raises:23 re:23 embodied:23 recall:23 frequency:23
fewer:23 monitoring:23 classifier:23 raw:23 oriented:23 moving:23 window:23 word:23 strengths:23
vulnerable:23 representative:22 distinguish:22 coarse:22 possible:22 subject:22 found:22 manner:22
scheme:22 engine:22 light:22 conditional:22 records:22 inherently:22 attack:22 random:22 digital:22
entity:22 native:22 reliance:22 anchor:22 missing:22 dialogue:22 attempt:22 usage:22 plausible:22
judgments:22 persistent:22 impressive:22 standardized:22 contrastive:22 innovations:22
regularization:22 resolve:22 tree:22 inter:22 robot:22 iii:21 emphasize:21 arise:21 personalized:21
14:21 replacing:21 nlp:21 sota:21 infer:21 prove:21 devices:21 foundational:21 entropy:21
negative:21 researchers:21 augmentation:21 could:21 rollout:21 noisy:21 13:21 qwen3:21 encourage:21
assisted:21 fact:21 deepseek:21 clear:21 gpu:21 collapse:21 summarization:20 management:20
combination:20 accessible:20 qualitative:20 hidden:20 intrinsic:20 drop:20 describe:20
iteratively:20 reliably:20 collaboration:20 broader:20 approximately:20 interest:20 clustering:20
finetuning:20 positive:20
`;

/** Stemmed word → share of papers (0..1) containing it; filled by the caller's stemmer. */
export function commonWordShares(stemOf: (word: string) => string): Map<string, number> {
  const shares = new Map<string, number>();
  for (const entry of TABLE.split(/\s+/u)) {
    const colon = entry.lastIndexOf(':');
    if (colon <= 0) continue;
    const key = stemOf(entry.slice(0, colon));
    if (!shares.has(key)) shares.set(key, Number(entry.slice(colon + 1)) / 1000);
  }
  return shares;
}
