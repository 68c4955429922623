/**
 * A module of the product as it ships: compiled into dist/ by the build `clm` and `npm start` run
 * (bench/main.ts brings it up to date first), typed as its source. Benchmarks that call the product's
 * functions in this process load them from here rather than through tsx, whose transform keeps every
 * function's name by a call at each closure's creation: in the lifecycle refresh's per-customer loops
 * that made the code measured slower than the code shipped.
 */
export async function built<Module>(source: string): Promise<Module> {
  return (await import(new URL(`../dist/${source}.js`, import.meta.url).href)) as Module;
}
