/** Lanczos coefficients (g = 7, n = 9), accurate to about 15 significant digits for x > 0. */
const G = 7
const COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7
]

/** ln Γ(x) for x > 0 (Lanczos approximation; reflection below 0.5). Pure. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`)
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x)
  const z = x - 1
  let sum = COEFFICIENTS[0]
  for (let i = 1; i < G + 2; i++) sum += COEFFICIENTS[i] / (z + i)
  const t = z + G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}
