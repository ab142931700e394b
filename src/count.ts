/**
 * Counts as people write them: "1 paper", "2 papers", "1 match", "3 matches". Every
 * count shown to a person goes through here, so no reply says "1 papers".
 */
export const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${plural(n, one, many)}`;

/** The notice when `page=` asked for more pages than the list has. */
export const pastLastPage = (pages: number): string =>
  pages === 1 ? 'There is only 1 page; showing it.' : `There are only ${pages} pages; showing the last.`;
