/**
 * Phones and e-mails are handed out once per data set: the duplicate check on customer creation
 * compares them, so two demo customers sharing one would look like a duplicate that is not.
 */
export interface UniqueValues {
  /** The first draw not yet taken, now claimed; undefined when `attempts` draws all collide. */
  claim(draw: () => string, attempts?: number): string | undefined;
}

export function createUniqueValues(): UniqueValues {
  const taken = new Set<string>();
  return {
    claim(draw, attempts = 10) {
      for (let i = 0; i < attempts; i++) {
        const value = draw();
        if (!taken.has(value)) {
          taken.add(value);
          return value;
        }
      }
      return undefined;
    },
  };
}

/** E.164 from a number written with its country code and spaces. */
export const e164 = (written: string) => written.replaceAll(' ', '');
