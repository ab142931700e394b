// Promises that are dropped or handed to something that ignores them.
async function save(): Promise<void> {}

export function dropped(): void {
  save(); // ✗ @typescript-eslint/no-floating-promises
  save().then(() => undefined); // ✗ @typescript-eslint/no-floating-promises
}

export function misused(items: string[]): void {
  items.forEach(async () => save()); // ✗ @typescript-eslint/no-misused-promises
  if (save()) return; // ✗ @typescript-eslint/no-misused-promises
}

export async function notAPromise(): Promise<number> {
  return await 5; // ✗ @typescript-eslint/await-thenable
}
