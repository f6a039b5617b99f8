// The few checks the module cases need.

export function equal(actual, expected, what = 'value') {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) {
    throw new Error(`${what}: expected ${e}, got ${a}`);
  }
}

/** Waits, in steps of page time, until `condition()` holds; fails with `what` after `millis`. */
export async function until(condition, what, millis = 4000) {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited >= millis) {
      throw new Error(`never happened: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
