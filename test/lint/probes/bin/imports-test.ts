// bin/ is shipped: no test or bench code in it.
import { FakeHf } from '../test/papers/fake-hf.js'; // ✗ import-x/no-restricted-paths
import { CORPUS_PATH } from '../bench/lib/corpus.js'; // ✗ import-x/no-restricted-paths
import { main } from '../src/main.js';

export const uses = [FakeHf, CORPUS_PATH, main];
