/** A clock for tests: starts at the real time and moves only when told to. */
export function testClock() {
  let at = Date.now();
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
  };
}
