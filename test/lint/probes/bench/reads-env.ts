// A bench row takes its settings as CLI arguments or from bench/lib/env.ts, not process.env.
export const rows = Number(process.argv[2] ?? 10);
export const corpus = process.env.PAPERBOY_BENCH_CORPUS; // ✗ paperboy/only-config-reads-env
export const { PATH } = process.env; // ✗ paperboy/only-config-reads-env
