// The other half of the cycle with a.ts.
import { a } from './a.js'; // ✗ import-x/no-cycle

export const b = (): string => (Math.random() > 2 ? a() : 'b');
