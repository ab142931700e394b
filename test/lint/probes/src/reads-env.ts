// Every route to process.env that is not src/config.ts.
import { env } from 'node:process'; // ✗ paperboy/only-config-reads-env
import { env as environment } from 'process'; // ✗ paperboy/only-config-reads-env
import proc from 'node:process';
import * as processModule from 'node:process';

export const direct = process.env.HF_TOKEN; // ✗ paperboy/only-config-reads-env
export const computed = process['env']; // ✗ paperboy/only-config-reads-env
export const optional = process?.env; // ✗ paperboy/only-config-reads-env
export const cast = (process as NodeJS.Process).env; // ✗ paperboy/only-config-reads-env
export const viaGlobal = globalThis.process.env; // ✗ paperboy/only-config-reads-env
export const viaGlobalKey = globalThis['process'].env; // ✗ paperboy/only-config-reads-env
export const viaNodeGlobal = global.process.env; // ✗ paperboy/only-config-reads-env
export const imported = [env, environment];
export const defaultImport = proc.env; // ✗ paperboy/only-config-reads-env
export const namespaceImport = processModule.env; // ✗ paperboy/only-config-reads-env

const renamed = process; // ✗ paperboy/only-config-reads-env
export const viaAlias = renamed.env;
const { env: destructured } = process; // ✗ paperboy/only-config-reads-env
const g = globalThis; // ✗ paperboy/only-config-reads-env
export const viaGlobalAlias = [destructured, g];
export const reflected = Reflect.get(process, 'env'); // ✗ paperboy/only-config-reads-env
export const byKey = (key: string): unknown => process[key as 'env']; // ✗ paperboy/only-config-reads-env
export const later = import('node:process'); // ✗ paperboy/only-config-reads-env
export { env as reexported } from 'node:process'; // ✗ paperboy/only-config-reads-env
