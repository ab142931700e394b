// Half of an import cycle (b.ts imports this file back).
import { b } from './b.js'; // ✗ import-x/no-cycle

export const a = (): string => `a then ${b()}`;
